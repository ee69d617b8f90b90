"""The offline backend: deals and aggregates from cue words and named rules, no model.

``backend`` runs it; ``sentence`` splits an article into sentences with a matching copy;
``mentions`` finds names, lists and aliases; ``cues`` reads money roles, stages and counts;
``draft`` holds what a sentence mentions and turns decisions into drafts; ``read``,
``named``, ``firms`` and ``lists`` are the rules, each a method with a name that the
records it drafts carry (``Deal.rule``).
"""

from __future__ import annotations

from .backend import RulesBackend

__all__ = ["RulesBackend"]
