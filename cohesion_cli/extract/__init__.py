"""Extraction: snapshot bytes to typed facts with evidence."""
