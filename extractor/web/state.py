"""What every request handler shares: settings, a reading store, the ingest queue.

``web_state`` is called by every handler, so each request first checks, cheaply,
whether another process (a `dealqa ingest` beside the server) wrote to the
store, and reads the new state if so (see ``store.generation``).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

from starlette.requests import Request

from ..config import Settings
from ..store import Store, generation
from .jobs import Jobs


@dataclass
class WebState:
    settings: Settings
    store: Store
    jobs: Jobs

    def hidden(self) -> frozenset[str]:
        """Sources an upload is still writing: not shown anywhere until complete."""
        return self.jobs.in_flight()

    def visible_filter(self) -> dict[str, list[str]] | None:
        """An ``ask`` filter keeping questions off in-flight sources (None when nothing is in flight)."""
        hidden = self.hidden()
        if not hidden:
            return None
        keep = [row["id"] for row in self.store.list_sources() if row["id"] not in hidden]
        return {"source": keep or [""]}


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    if generation.refresh(state.store):
        gc.unfreeze()  # another process wrote: what warming froze may be garbage now (see app.warm)
    return state
