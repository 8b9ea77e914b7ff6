"""Channels: how each kind of channel is read and what it yields.

``kinds`` holds one module per channel kind and their registry, ``parsers`` the formats
channels publish in besides web pages, ``transport`` how the bytes arrive,
``extraction`` the step shared by kinds whose documents are about one product each, and
``rulebook`` the rulebook loader that adds each kind's own checks.
"""
