"""Managing the document library from the page: remove an article (with its chunks and deals)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from .. import remove
from ..errors import StoreLockedError
from .state import web_state

router = APIRouter(prefix="/api", tags=["library"])


class Removed(BaseModel):
    removed: list[str]


@router.delete("/articles/{source}", response_model=Removed)
async def remove_article(source: str, request: Request) -> Removed:
    """Remove one article, its paragraphs, index entries and deals, as one step.

    Readers see the article whole or not at all. While an upload is being
    written the library is busy (409): try again when it is done.
    """
    st = web_state(request)
    if st.hidden():
        # The upload worker writes through this process's write lock, which is shared in-process:
        # removing now would write beside it instead of after it.
        raise StoreLockedError("正在入库上传的文章，请等入库完成后再删除 (an upload is being written; retry)")
    removed = await run_in_threadpool(remove, [source], settings=st.settings)
    return Removed(removed=removed)
