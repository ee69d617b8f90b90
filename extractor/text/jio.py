"""jionlp, imported once and quietly: it prints a banner to stdout on import, which would land in
the middle of ``dealqa … --format json``. Every use of jionlp goes through ``jionlp()``."""

from __future__ import annotations

import contextlib
import functools
import io
from typing import Any


@functools.cache
def jionlp() -> Any:
    """The jionlp module (imported on first use, its banner swallowed)."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp

    return jionlp
