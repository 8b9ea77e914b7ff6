"""How bytes arrive: HTTP with its hardening, files, the local test server, the on-disk
cache and the evidence archive. Each returns snapshots; none extracts facts."""
