"""A child for ``workers.Pool`` tests: upper-cases text, raises on ``boom``."""

from __future__ import annotations

from collections.abc import Callable

from extractor.workers import serve


def _upper(setup: object) -> Callable[[str], str]:
    def handle(text: str) -> str:
        if text == "boom":
            raise ValueError("a request the handler fails on")
        return f"{setup}{text.upper()}"

    return handle


def serve_upper() -> None:
    serve(_upper)
