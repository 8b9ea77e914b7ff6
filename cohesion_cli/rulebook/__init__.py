"""The rulebook: models, YAML loading with positions, validation."""
