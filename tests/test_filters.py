"""The one ``DealFilter``: its Chroma ``where`` and its in-memory ``matches`` agree on every seed deal."""

from __future__ import annotations

import pytest

from extractor.deals import extract_pending, query_deals
from extractor.errors import InputError
from extractor.filters import DealFilter, stage_value
from extractor.ingest import ingest
from extractor.schema import Deal, DealQuery
from extractor.store import Store
from extractor.store.records import document_test
from tests.conftest import offline_settings, seed_path

SEEDS = ("000", "001", "002", "003", "004")
# The seeds' deals carry no date of their own: three dated articles give the date filters work.
DATED = {
    "xinghe.txt": "星河园区签约智能制造基地\n\n2023年5月6日,星河园区与示例科技公司签约"
    "星河智能制造基地项目,总投资12亿元。\n",
    "changfeng.txt": "江宁区签约储能电池基地\n\n2023年8月9日,江苏省南京市江宁区与长风新能源有限公司签约"
    "长风储能电池基地项目,总投资80亿元。\n",
    "mingyue.txt": "江宁区光伏组件基地开工\n\n2024年1月2日,明月光伏组件基地项目在江苏省南京市江宁区开工,"
    "总投资30亿元。\n",
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, Deal], dict[str, str | None]]:
    """The seeds and the dated articles, extracted by the rules backend; the stored deals by id,
    and each deal's article date."""
    base = tmp_path_factory.mktemp("filters")
    (base / "in").mkdir()
    for name, text in DATED.items():
        (base / "in" / name).write_text(text, encoding="utf-8")
    settings = offline_settings(base / "data")
    report = ingest([*(seed_path(p) for p in SEEDS), base / "in"], settings=settings)
    assert report.ok, report.failed
    store = Store(settings)
    batch, _ = extract_pending(store, backend="rules", settings=settings)
    assert batch.ok, batch.failed
    col = store.chroma.collection("deals")
    assert col is not None
    (res,) = store.chroma.pages(col, where={"kind": "deal"}, include=["documents", "metadatas"])
    deals = {i: Deal.model_validate_json(doc) for i, doc in zip(res["ids"], res["documents"], strict=True)}
    published = {i: meta.get("published") for i, meta in zip(res["ids"], res["metadatas"], strict=True)}
    assert len(deals) >= 40 and sum(bool(d.date) for d in deals.values()) >= 3
    return store, deals, published


def _filters(deals: list[Deal]) -> list[DealFilter]:
    """Filters on every field, their values taken from the seed deals so none is trivially empty."""
    located = [d.location for d in deals if d.location]
    province = next(loc.province for loc in located if loc.province)
    city = next(loc.city for loc in located if loc.city)
    district = next(loc.district for loc in located if loc.district)
    industry = next(d.industry for d in deals if d.industry)
    investor = next(d.investors[0] for d in deals if d.investors)
    source = deals[-1].evidence[0].source
    dated = sorted(d.date.value for d in deals if d.date and d.date.value)
    exact = next(d.amount.cny for d in deals if d.amount and d.amount.cny and d.amount.kind == "exact")
    return [
        DealFilter(province=province),
        DealFilter(province=province.rstrip("省市")),  # 重庆 finds 重庆市
        DealFilter(city=city),
        DealFilter(district=district),
        DealFilter(place=(located[0].text or "")[:2]),
        DealFilter(stage="signed"),
        DealFilter(stage="开工"),
        DealFilter(industry=industry),
        DealFilter(investor=investor[:4]),
        DealFilter.of(min_yi=10),
        DealFilter.of(max_yi=5),
        DealFilter.of(min_yi=1, max_yi=50),
        DealFilter(min_cny=exact, min_exclusive=True),
        DealFilter(min_cny=exact),
        DealFilter(date_from=dated[len(dated) // 2]),
        DealFilter(date_to=dated[len(dated) // 2]),
        DealFilter(date_from=dated[0][:7], date_to=dated[0][:7]),  # a month is its first to its last day
        DealFilter(source=source),
        DealFilter(keywords=("项目",)),
        DealFilter.of(min_yi=10, province=province, stage="signed"),
    ]


def test_where_and_matches_agree_on_every_seed_deal(
    seeded: tuple[Store, dict[str, Deal], dict[str, str | None]],
) -> None:
    store, deals, published = seeded
    col = store.chroma.collection("deals")
    assert col is not None
    changed = 0
    for flt in _filters(list(deals.values())):
        # the document conditions are tested in Python (records keep their JSON in their metadata)
        test = document_test(flt.where_document())
        in_chroma = {
            i
            for page in store.chroma.pages(col, where=flt.to_where("deal"), include=["documents"])
            for i, doc in zip(page["ids"], page["documents"], strict=True)
            if test(doc)
        }
        in_memory = {i for i, d in deals.items() if flt.matches(d, published=published[i])}
        if flt.place or flt.industry or flt.investor or flt.keywords or flt.date_from or flt.date_to:
            # Chroma narrows text conditions over the whole record, and dates to the deal's or the
            # article's; matches holds them to their field, and to the article's date only when undated
            assert in_memory <= in_chroma, flt
            # and the product's query (Chroma, then the same re-check) returns exactly those
            got = sorted(d.model_dump_json() for d in query_deals(store, flt))
            assert got == sorted(deals[i].model_dump_json() for i in in_memory), flt
        else:
            assert in_chroma == in_memory, flt
        changed += 0 < len(in_memory) < len(deals)
        assert sorted(map(_key, query_deals(store, flt))) == sorted(_key(deals[i]) for i in in_memory), flt
    assert changed >= 15  # the filters select something, and not everything


def _key(deal: Deal) -> tuple[str, int, str | None]:
    return deal.evidence[0].source, deal.evidence[0].start, deal.project


def test_qa_query_reads_as_a_filter() -> None:
    q = DealQuery(min_cny=5e9, min_exclusive=True, industry="新能源", keywords=["基地"], date_from="July")
    flt = DealFilter.from_query(q)
    assert flt.min_cny == 5e9 and flt.min_exclusive and flt.keywords == ("新能源", "基地")
    assert flt.date_from is None  # a date the model wrote in another form bounds nothing


def test_people_type_yi_and_labels() -> None:
    flt = DealFilter.of(min_yi=1.5, stage="", place="")
    assert flt == DealFilter(min_cny=1.5e8)
    assert stage_value("开工") == "started" and stage_value("signed") == "signed"
    with pytest.raises(InputError, match="unknown stage"):
        stage_value("done")
    with pytest.raises(InputError, match="ISO date"):
        DealFilter(date_from="July").to_where()
