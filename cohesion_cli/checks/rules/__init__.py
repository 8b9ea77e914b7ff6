"""One module per rule; the registry is ``cohesion_cli.checks.RULES``."""
