"""kg.extract.subjects: what a figure measures (issue 12). Invented places and firms."""

from __future__ import annotations

from kg.extract.subjects import assign_subjects
from kg.models import Entity, Metric
from tests.conftest import make_result


def _doc(line: str, entities: list[dict]):  # noqa: ANN202
    return make_result("songling-2022", "松岭县2022年政府工作报告", [("一、工作", "2022", [line])], entities, [], [])


def _metric(result, indicator: str, figure: str, **kw) -> Metric:  # noqa: ANN001
    start = result.document.text.index(figure)
    return Metric(indicator=indicator, kind="target", measure="level", value=float(figure), unit="亿元",
                  sentence=0, start=start, end=start + len(figure), **kw)


def test_subjects_indicator_named_after_the_project() -> None:
    r = _doc("加快推进总投资30亿元的云杉产业园项目。", [{"type": "Project", "name": "云杉产业园项目"}])
    _, (m,) = assign_subjects(r.document, r.entities, [_metric(r, "云杉产业园项目总投资", "30")])
    assert (m.subject, m.subject_type) == ("云杉产业园项目", "Project")


def test_subjects_project_after_the_figure_and_de() -> None:
    r = _doc("加快推进总投资30亿元的云杉产业园，打造基地。", [{"type": "Project", "name": "云杉产业园"}])
    _, (m,) = assign_subjects(r.document, r.entities, [_metric(r, "总投资", "30")])
    assert m.subject == "云杉产业园"


def test_subjects_company_before_its_own_measure_in_the_clause() -> None:
    r = _doc("华岳技术年产值突破12亿元，带动就业。", [{"type": "Company", "name": "华岳技术"}])
    _, (m,) = assign_subjects(r.document, r.entities, [_metric(r, "年产值", "12")])
    assert (m.subject, m.subject_type) == ("华岳技术", "Company")


def test_subjects_industry_output_by_indicator_name() -> None:
    r = _doc("食品产业产值达到12亿元。", [{"type": "Industry", "name": "食品产业"}])
    _, (m,) = assign_subjects(r.document, r.entities, [_metric(r, "食品产业产值", "12")])
    assert (m.subject, m.subject_type) == ("食品产业", "Industry")


def test_subjects_aggregates_stay_on_the_district() -> None:
    r = _doc("立足云杉产业园，固定资产投资完成12亿元。", [{"type": "Project", "name": "云杉产业园"}])
    _, (m,) = assign_subjects(r.document, r.entities, [_metric(r, "固定资产投资", "12")])
    assert m.subject is None and m.subject_type is None


def test_subjects_new_project_named_by_the_indicator() -> None:
    r = _doc("加快推进总投资12亿元的松风商城项目建设。", [])
    entities, (m,) = assign_subjects(r.document, r.entities, [_metric(r, "松风商城项目总投资", "12")])
    (project,) = entities
    assert (project.type, project.name, m.subject) == ("Project", "松风商城项目", "松风商城项目")
    start = project.mentions[0].start
    assert r.document.text[start:project.mentions[0].end] == "松风商城项目"


def test_subjects_no_project_from_a_class_of_projects() -> None:
    r = _doc("签约项目22个，总投资25亿元的签约项目陆续落地。", [])
    entities, (m,) = assign_subjects(r.document, r.entities, [_metric(r, "签约项目总投资", "25")])
    assert entities == [] and m.subject is None


def test_subjects_leave_entities_alone_when_nothing_is_new() -> None:
    ent = Entity(type="Project", name="云杉产业园项目")
    r = _doc("云杉产业园项目进展顺利。", [])
    entities, metrics = assign_subjects(r.document, [ent], [])
    assert entities == [ent] and metrics == []
