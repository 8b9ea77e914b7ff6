"""One function per CLI command; each returns the process exit code."""
