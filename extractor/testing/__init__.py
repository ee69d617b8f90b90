"""Test doubles that ship with dealqa: a loopback OpenAI-compatible server (``openai_server``)."""
