"""The offline backend: deals and aggregates from cue words and named rules, no model.

``backend`` runs it; ``sentence`` splits an article into sentences with a matching copy;
``mentions`` finds names, lists and aliases; ``signers`` finds firms named only by what they
do (signing with a government) or are said to be; ``cues`` reads money roles, stages and counts;
``draft`` holds what a sentence mentions and turns decisions into drafts; ``read``,
``named``, ``firms``, ``lists`` and ``tables`` (rows of a flattened table) are the rules, each
a method with a name that the records it drafts carry (``Deal.rule``).
"""

from __future__ import annotations

from .backend import RulesBackend

__all__ = ["RulesBackend"]
