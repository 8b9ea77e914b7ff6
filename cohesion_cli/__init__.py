"""cohesion: find inconsistencies in what a brand publishes across its sales channels."""

__version__ = "0.1.0"
