"""Names of the output formats, importable without importing the renderers (so the CLI
starts fast). A test checks they match the registry in ``cohesion_cli/output/__init__.py``."""

FORMAT_NAMES = ("table", "json", "junit", "sarif", "github", "markdown", "csv", "html")
