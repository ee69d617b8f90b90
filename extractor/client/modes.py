"""Instructor modes, their fallback order, and reading JSON out of a chat completion.

Shared by every caller of the model (extraction and QA): a server that rejects one
structured-output mode is asked again in the next one.
"""

from __future__ import annotations

import json
from typing import Any

import instructor

MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}
FALLBACK = {
    instructor.Mode.TOOLS: instructor.Mode.JSON_SCHEMA,
    instructor.Mode.JSON_SCHEMA: instructor.Mode.JSON,
    instructor.Mode.JSON: instructor.Mode.MD_JSON,
}
MODE_LABELS = {
    instructor.Mode.TOOLS: "tools",
    instructor.Mode.JSON_SCHEMA: "json_schema",
    instructor.Mode.JSON: "json",
    instructor.Mode.MD_JSON: "md_json",
}


def completion_json(completion: Any) -> object | None:
    """The JSON object a chat completion carries (tool-call arguments or message content)."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    tool_calls = getattr(message, "tool_calls", None) or []
    texts = [tc.function.arguments for tc in tool_calls[:1]] or [message.content or ""]
    for text in texts:
        value = _last_json_object(text if isinstance(text, str) else "")
        if value is not None:
            return value
    return None


def _last_json_object(text: str) -> object | None:
    """The last top-level JSON object in ``text`` (fenced or bare), like instructor's MD_JSON parsing."""
    decoder = json.JSONDecoder()
    found: object | None = None
    i = text.find("{")
    while i != -1:
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError:
            i = text.find("{", i + 1)
            continue
        found = value
        i = text.find("{", end)
    return found
