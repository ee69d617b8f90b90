"""The ``dealqa`` command: a thin layer over the API.

``app`` holds the global options; the command modules register on it when imported,
in the order ``--help`` lists them.
"""

from __future__ import annotations

from importlib import import_module

from .app import app, main

for _module in ("store", "deals", "questions", "cache"):
    import_module(f"{__name__}.{_module}")

__all__ = ["app", "main"]
