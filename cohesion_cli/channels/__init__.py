"""Channel kinds: each reads a DocumentSpec into a Snapshot, then extracts it.

The registry lives in ``channels.registry`` (kept out of this package's import so that
light modules such as ``channels.documents`` import fast).
"""
