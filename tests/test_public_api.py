"""The curated public surface: ``extractor.__all__`` is exactly the names we mean to publish."""

from __future__ import annotations

import importlib
import inspect

import pytest

import extractor
from extractor import errors, schema

PUBLIC = {
    # functions
    "ask",
    "extract",
    "extract_file",
    "extract_many",
    "ingest",
    "search",
    # the store, read
    "query_deals",
    "query_aggregates",
    "list_articles",
    "get_article",
    # the store, managed
    "remove",
    "DealFilter",
    "IngestReport",
    # settings
    "Settings",
    # schema types
    "Aggregate",
    "Answer",
    "Article",
    "ArticleExtraction",
    "Deal",
    "DealDate",
    "DealQuery",
    "Hit",
    "Location",
    "Money",
    "Span",
    # the exception hierarchy
    "BackendError",
    "BudgetExceededError",
    "ConfigError",
    "DealqaError",
    "DecodeError",
    "EmbedderMismatchError",
    "EmptyStoreError",
    "EvidenceError",
    "InputError",
    "InterruptedRunError",
    "LLMError",
    "NotFoundError",
    "PromptError",
    "StoreError",
    "StoreFullError",
    "StoreLockedError",
}
FUNCTIONS = {
    "ask", "extract", "extract_file", "extract_many", "ingest", "search", "query_deals", "query_aggregates",
    "list_articles", "get_article", "remove",
}  # fmt: skip


def test_all_is_exactly_the_public_names() -> None:
    assert set(extractor.__all__) == PUBLIC
    assert len(extractor.__all__) == len(PUBLIC), "duplicates in __all__"


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_each_public_name_imports(name: str) -> None:
    module = importlib.import_module("extractor")
    obj = getattr(module, name)
    if name == "ingest":
        # see test_ingest_stays_a_function_after_its_submodule_is_imported
        assert obj is not None
    elif name in FUNCTIONS:
        assert inspect.isfunction(obj), f"extractor.{name} is {obj!r}, not a function"
    else:
        assert inspect.isclass(obj), f"extractor.{name} is {obj!r}, not a class"


def test_every_error_is_exported_and_derives_from_the_base() -> None:
    assert set(errors.__all__) <= set(extractor.__all__)
    for name in errors.__all__:
        cls = getattr(extractor, name)
        assert cls is getattr(errors, name)
        assert issubclass(cls, extractor.DealqaError)


def test_schema_types_are_the_schema_module_classes() -> None:
    for name in ("Aggregate", "Answer", "Article", "ArticleExtraction", "Deal", "Money", "Span", "Hit"):
        assert getattr(extractor, name) is getattr(schema, name)


def test_from_extractor_import_extract_and_ask() -> None:
    from extractor import ask, extract

    assert callable(extract) and callable(ask)
    text = "2023年5月6日,星河园区与示例科技公司签约星河智能制造基地项目,总投资12亿元。"
    result = extract(text, source="t", backend="rules")
    assert result.backend == "rules"
    assert [d.amount.cny for d in result.deals if d.amount] == [1.2e9]


def test_functions_take_keyword_only_arguments_after_the_first() -> None:
    for name in FUNCTIONS - {"ingest"}:
        params = list(inspect.signature(getattr(extractor, name)).parameters.values())
        assert params, name
        rest = params[1:]
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in rest), (name, rest)


def test_ingest_stays_a_function_after_its_submodule_is_imported() -> None:
    importlib.import_module("extractor.ingest")
    from extractor import ingest

    assert inspect.isfunction(ingest)
