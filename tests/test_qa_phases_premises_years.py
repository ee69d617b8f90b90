"""A phase asked is answered by that phase's figure, a sum given in the question must be the
answer's, a report's year is its title's, and a project is found by the end of its full name
(real store, sentences of our own)."""

from __future__ import annotations

import pytest

from extractor import ask
from extractor.config import Settings
from extractor.qa.qualifiers import phase_before
from extractor.schema import NOT_FOUND
from tests.qa_fixtures import store_of

_NOTICE = (
    "2024-04-16 19:42\n"
    "证券代码：688999　证券简称：赣岳新材\n"
    "江西赣岳新材料股份有限公司关于签订项目投资协议的公告\n"
    "江西赣岳新材料股份有限公司（以下简称“公司”）于2024年4月15日与吉安高新区管委会签订了《年产2万吨高纯氧化铝粉体项目投资协议书》，"
    "公司拟在吉安高新区投资建设年产2万吨高纯氧化铝粉体项目。\n"
    "投资金额：项目计划总投资不超过16亿元（含流动资金），其中一期投资约6.5亿元，二期投资金额视一期建设情况另行确定。\n"
)
_SPEECH = (
    "2024-03-20 09:00\n"
    "在全县一季度重大项目集中签约仪式上的讲话\n"
    "今天，永丰县集中签约项目20个，总投资180亿元。去年签约的电驱系统项目今年2月已实现投产。"
    "但我们也要清醒地看到差距，邻近的吉水县上个月一个项目就签约了120亿元，兄弟县区你追我赶。\n"
)
_BULLETIN = (
    "2024-03-29 15:00\n"
    "宜春市2023年国民经济和社会发展统计公报\n"
    "全年新设立外商投资企业27家，实际使用外资1.86亿美元，增长5.1%。\n"
)
_TV = (
    "2024-05-28 18:50\n"
    "吉安新闻播出稿\n"
    "【正文】\n"
    "主会场项目——吉安骏驰汽车零部件有限公司一体化压铸件项目总投资12亿元，主要建设大型压铸生产线。\n"
    "【同期】吉安骏驰汽车零部件有限公司总经理 黄志远\n"
    "我们这个项目一期投资5亿元，预计明年6月建成投产。\n"
)
_STORY = (
    "2024-07-12 08:35\n"
    "樟树经开区上半年签约项目25个\n"
    "上半年，江西晶砺新能源材料有限公司年产8万吨磷酸锰铁锂正极材料项目等相继落户樟树经开区。"
    "其中，晶砺项目总投资约38亿元，计划年内开工。\n"
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    articles = {
        "notice.txt": _NOTICE,
        "speech.txt": _SPEECH,
        "bulletin.txt": _BULLETIN,
        "story.txt": _STORY,
        "tv.txt": _TV,
    }
    return store_of(tmp_path_factory.mktemp("phases"), articles)


def test_the_phase_said_last_before_a_sum_is_its_phase() -> None:
    assert phase_before("二期投资多少", "项目计划总投资不超过16亿元") == "二期"  # in the question's words
    assert phase_before("一期投资多少", "总投资不超过16亿元，其中一期投资约6.5亿元") is None
    assert phase_before("二期项目总投资多少", "总投资6200万元", "的标准化厂房（二期）项目") is None
    assert phase_before("总投资多少", "总投资16亿元") is None  # no phase asked


def test_a_phase_without_a_sum_is_not_answered_by_the_whole(settings: Settings) -> None:
    assert ask("赣岳新材高纯氧化铝粉体项目二期投资多少？", settings=settings).answer.startswith(NOT_FOUND)
    assert ask("赣岳新材高纯氧化铝粉体项目一期投资多少？", settings=settings).answer.startswith("约6.5亿元")


def test_a_project_named_in_a_documents_title_is_named_without_its_marks(settings: Settings) -> None:
    answer = ask("赣岳新材在吉安投资建设什么项目？", settings=settings)
    assert answer.answer.startswith("年产2万吨高纯氧化铝粉体项目")


def test_a_sum_the_question_gives_must_be_stated_with_the_answer(settings: Settings) -> None:
    answer = ask("永丰县上个月签约的120亿元项目是什么项目？", settings=settings)
    assert answer.answer.startswith(NOT_FOUND) and "120亿元" in answer.answer
    assert "电驱系统项目" not in answer.answer


def test_a_bulletins_year_is_the_year_its_title_names(settings: Settings) -> None:
    answer = ask("宜春市2023年实际使用外资多少？", settings=settings)
    assert answer.answer.startswith("1.86亿美元")
    assert ask("宜春市2024年实际使用外资多少？", settings=settings).answer.startswith(NOT_FOUND)


def test_a_project_is_found_by_the_end_of_its_full_name_and_its_owner(settings: Settings) -> None:
    answer = ask("江西晶砺的磷酸锰铁锂正极材料项目总投资多少？", settings=settings)
    assert answer.answer.startswith("约38亿元")


def test_the_whole_part_of_a_question_asks_no_phase(settings: Settings) -> None:
    answer = ask("吉安骏驰一体化压铸件项目总投资多少？一期投资多少？", settings=settings)
    assert "12亿元" in answer.answer.split("一期投资多少")[0]


def test_a_count_of_projects_names_no_project() -> None:
    from extractor.text.names import project_problem

    assert project_problem("吉水县上个月一个项目", 0, 10) == "counted"
    assert project_problem("吉水县引进的3个新材料项目", 0, 13) == "counted"
    assert project_problem("年产3万吨碳化硅粉体项目", 0, 12) is None


def test_what_follows_except_is_not_the_excepted_projects() -> None:
    from extractor.qa.binding import binding

    text = "除紫金铜箔项目外，同步开工的还有：总投资12.8亿元的汀江生态修复工程。"
    assert binding(text, "紫金铜箔项目", text.find("12.8亿元")) == "absent"
    said = "紫金铜箔项目总投资25亿元，其中一期投资11亿元。"
    assert binding(said, "紫金铜箔项目", said.find("25亿元")) == "bound"
