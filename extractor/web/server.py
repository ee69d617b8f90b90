"""``dealqa serve``: check the address is free, say what is exposed, run the app under uvicorn."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

from ..config import Settings
from ..errors import ConfigError
from .safety import LOOPBACK_NAMES


def check_free(host: str, port: int) -> None:
    """``ConfigError`` with a fix when ``host:port`` cannot be listened on (before uvicorn's bare Errno)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(f"port {port} is in use: try --port {port + 1}") from exc
            raise ConfigError(
                f"cannot listen on {host}:{port} ({exc.strerror}): check --host, or try --host 127.0.0.1"
            ) from exc


def serve(settings: Settings, *, host: str, port: int, warn: Callable[[str], None]) -> None:
    """Run the web page until interrupted."""
    import uvicorn

    from .app import create_app

    check_free(host, port)
    if host not in LOOPBACK_NAMES:
        if settings.web_token:
            warn(f"binding to {host}: the page asks for DEALQA_WEB_TOKEN at /login")
        else:
            warn(f"binding to {host} exposes the store to your network: set DEALQA_WEB_TOKEN for a login")
    # warmed before uvicorn says "Application startup complete": the first question is a warm one
    uvicorn.run(create_app(settings, warm_up=True), host=host, port=port, log_level="info")
