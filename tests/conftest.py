"""Shared fixtures: the Neo4j test server, a wiping `graph` fixture, hand-made extraction results.

The reports below are invented (青禾区 is not a real district) so that no name from
shared/eval/gold ends up in tests. They are shaped like what kg.extract produces.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from kg.config import PROJECT_ROOT, Settings
from kg.models import Document, Entity, ExtractionResult, Mention, Metric, Relation, Section, Sentence

TEST_BOLT_PORT = 7688
TEST_HTTP_PORT = 7475
# TestClient sends `Host: testserver`; the API answers only hosts it is told of (KG_ALLOWED_HOSTS),
# so test settings add that name. The default never does.
TEST_HOSTS = Settings.model_fields["allowed_hosts"].default + ",testserver"


# --- hand-made extraction results --------------------------------------------------------------

def make_result(doc_id: str, title: str, sections: list[tuple[str, str | None, list[str]]],
                entities: list[dict], relations: list[tuple], metrics: list[dict]) -> ExtractionResult:
    """An ExtractionResult with real offsets; entity mentions are every occurrence of name/aliases."""
    text, secs, sents = _layout(sections)
    doc = Document(doc_id=doc_id, source=f"tests/{doc_id}.txt", title=title, year=int(doc_id[-4:]),
                   text=text, raw_sha256=hashlib.sha256(text.encode()).hexdigest(),
                   sections=secs, sentences=sents)
    ents = [_entity(e, sents) for e in entities]
    rels = [Relation(type=t, head=h, tail=tl, sentence=i, evidence=sents[i].text, confidence=0.8)
            for t, h, tl, i in relations]
    return ExtractionResult(doc_id=doc_id, source=doc.source, document=doc, entities=ents,
                            metrics=[Metric(**m) for m in metrics], relations=rels)


def _layout(sections: list[tuple[str, str | None, list[str]]]) -> tuple[str, list[Section], list[Sentence]]:
    text, secs, sents = "", [], []
    for si, (heading, period, lines) in enumerate(sections):
        start = len(text)
        text += heading + "\n"
        for line in lines:
            sents.append(Sentence(index=len(sents), start=len(text), end=len(text) + len(line), text=line,
                                  section=si, paragraph=len(sents)))
            text += line + "\n"
        secs.append(Section(index=si, level=1, title=heading, start=start, end=len(text), path=[heading],
                            period=period))
    return text, secs, sents


def _entity(spec: dict, sents: list[Sentence]) -> Entity:
    forms = [spec["name"], *spec.get("aliases", [])]
    mentions = []
    for s in sents:
        for form in forms:
            pos = s.text.find(form)
            if pos >= 0:
                mentions.append(Mention(text=form, start=s.start + pos, end=s.start + pos + len(form),
                                        sentence=s.index, type=spec["type"]))
                break
    return Entity(mentions=mentions, **spec)


def _report_a_sections(with_company: bool) -> list[tuple[str, str | None, list[str]]]:
    first = ["2020年，青禾区地区生产总值完成310亿元，比上年增长4.1%。",
             "青禾数字产业园项目位于柳塘村，聚焦数字经济。",
             "青禾区人民政府加强与远山集团合作。",
             "柳塘村隶属石桥街道。"]
    if with_company:
        first.insert(1, "星河智造入驻青禾数字产业园项目，实现投产。")
    return [("一、2020年工作回顾", "2020", first),
            ("二、2021年工作安排", "2021", ["2021年，地区生产总值预期增长7%左右。",
                                           "林知远任青禾区人民政府代区长。"])]


def report_a(with_company: bool = True) -> ExtractionResult:
    entities = [
        {"type": "District", "name": "青禾区", "aliases": ["青禾"], "code": "419901", "parent": "云州市"},
        {"type": "District", "name": "石桥街道", "parent": "青禾区"},
        {"type": "District", "name": "柳塘村", "parent": "石桥街道"},
        {"type": "Indicator", "name": "地区生产总值", "aliases": ["GDP"]},
        {"type": "Project", "name": "青禾数字产业园项目", "aliases": ["青禾数字产业园"]},
        {"type": "Organization", "name": "青禾区人民政府", "aliases": ["区政府"]},
        {"type": "Company", "name": "远山集团"},
        {"type": "Person", "name": "林知远"},
        {"type": "Industry", "name": "数字经济"},
    ]
    relations = [("LOCATED_IN", "青禾数字产业园项目", "柳塘村", 1), ("IN_INDUSTRY", "青禾数字产业园项目", "数字经济", 1),
                 ("COOPERATES_WITH", "青禾区人民政府", "远山集团", 2), ("PART_OF", "柳塘村", "石桥街道", 3),
                 ("HOLDS_POST", "林知远", "青禾区人民政府", 5)]
    if with_company:
        entities.append({"type": "Company", "name": "星河智造", "aliases": ["星河"]})
        relations = [(t, h, tl, i + (1 if i >= 1 else 0)) for t, h, tl, i in relations]
        relations.append(("PARTICIPATES_IN", "星河智造", "青禾数字产业园项目", 1))
    last = 6 if with_company else 5
    metrics = [
        {"indicator": "地区生产总值", "kind": "actual", "measure": "level", "value": 310, "unit": "亿元",
         "period": "2020", "sentence": 0, "evidence": "地区生产总值完成310亿元"},
        {"indicator": "地区生产总值", "kind": "actual", "measure": "growth", "value": 4.1, "unit": "%",
         "period": "2020", "sentence": 0, "evidence": "比上年增长4.1%"},
        {"indicator": "地区生产总值", "kind": "target", "measure": "growth", "value": 7, "unit": "%",
         "period": "2021", "qualifier": "左右", "sentence": last - 1, "evidence": "预期增长7%左右"},
    ]
    return make_result("qinghe-2021", "青禾区2021年政府工作报告", _report_a_sections(with_company),
                       entities, relations, metrics)


def report_b() -> ExtractionResult:
    """The next year's report of the same district: shares entities, states 2021's actual."""
    sections = [("一、2021年工作回顾", "2021", ["2021年，青禾区地区生产总值增长7.5%。",
                                             "远山集团投资建设松风物流园项目。"])]
    entities = [{"type": "District", "name": "青禾区", "parent": "云州市"},
                {"type": "Indicator", "name": "地区生产总值"},
                {"type": "Company", "name": "远山集团"},
                {"type": "Project", "name": "松风物流园项目", "aliases": ["松风物流园"]}]
    relations = [("PARTICIPATES_IN", "远山集团", "松风物流园项目", 1)]
    metrics = [{"indicator": "地区生产总值", "kind": "actual", "measure": "growth", "value": 7.5, "unit": "%",
                "period": "2021", "sentence": 0, "district": "青禾区", "evidence": "增长7.5%"}]
    return make_result("qinghe-2022", "青禾区2022年政府工作报告", sections, entities, relations, metrics)


@pytest.fixture
def result_a() -> ExtractionResult:
    return report_a()


@pytest.fixture
def result_a_v2() -> ExtractionResult:
    """A new version of report A: the 星河智造 sentence is gone."""
    return report_a(with_company=False)


@pytest.fixture
def result_b() -> ExtractionResult:
    return report_b()


# --- the Neo4j test server ---------------------------------------------------------------------

def _test_settings() -> Settings:
    if os.environ.get("KG_NEO4J_URI"):  # an external test server; KG_TEST_SERVER must say it is one
        return Settings(allowed_hosts=TEST_HOSTS)
    return Settings(neo4j_uri=f"bolt://127.0.0.1:{TEST_BOLT_PORT}", neo4j_bolt_port=TEST_BOLT_PORT,
                    neo4j_http_port=TEST_HTTP_PORT, neo4j_data_dir=PROJECT_ROOT / ".neo4j" / "test",
                    test_server=True, allowed_hosts=TEST_HOSTS)


@pytest.fixture(scope="session")
def test_settings() -> Settings:
    return _test_settings()


@pytest.fixture(scope="session")
def neo4j_server(test_settings: Settings) -> Iterator[Settings]:
    """The test instance, started unless it already runs (or is external); stopped if we started it."""
    if os.environ.get("KG_NEO4J_URI"):
        yield test_settings
        return
    from kg.server import start, status, stop

    was_running = status(test_settings).running
    start(test_settings)
    yield test_settings
    if not was_running:
        stop(test_settings)


@pytest.fixture(scope="session")
def driver(neo4j_server: Settings) -> Iterator[object]:
    from kg.store.driver import open_driver
    from kg.store.schema import apply_schema

    drv = open_driver(neo4j_server)
    apply_schema(drv, neo4j_server)
    yield drv
    drv.close()


def wipe(driver: object, settings: Settings) -> None:
    from kg.store.writer import wipe_test_database

    wipe_test_database(driver, settings)  # refuses (E205) anything but the test server


@pytest.fixture
def graph(driver: object, neo4j_server: Settings) -> object:
    """An empty test database (function scope)."""
    wipe(driver, neo4j_server)
    return driver


@pytest.fixture(scope="module")
def loaded_graph(driver: object, neo4j_server: Settings) -> object:
    """Reports A and B loaded once per module, for read-only tests."""
    from kg.build import build_rows
    from kg.store.writer import write_document

    wipe(driver, neo4j_server)
    for result in (report_a(), report_b()):
        write_document(driver, neo4j_server, build_rows(result))
    return driver


# --- the API -----------------------------------------------------------------------------------

WRITE_KEY = "test-write-key"


class HandMadeProcessor:
    """Stands in for kg.ingest + kg.extract in upload tests (the extractor is tested elsewhere):
    reads the uploaded bytes and returns report B under the given doc id, hashed from those bytes."""

    def __call__(self, path, doc_id: str) -> ExtractionResult:  # noqa: ANN001
        data = path.read_bytes()
        result = report_b()
        result.doc_id = result.document.doc_id = doc_id
        result.document.raw_sha256 = hashlib.sha256(data).hexdigest()
        return result


@pytest.fixture(scope="module")
def client(loaded_graph: object, neo4j_server: Settings) -> Iterator[object]:
    """A TestClient on the loaded test graph; writes need WRITE_KEY."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    settings = neo4j_server.model_copy(update={"api_key": SecretStr(WRITE_KEY)})
    with TestClient(create_app(settings, processor=HandMadeProcessor())) as c:
        yield c


@pytest.fixture(scope="module")
def make_client(neo4j_server: Settings) -> Iterator[object]:
    """Build TestClients on the test server with changed settings; the caller enters them."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    def make(**update: object) -> TestClient:
        settings = neo4j_server.model_copy(update={"api_key": SecretStr(WRITE_KEY), **update})
        return TestClient(create_app(settings, processor=HandMadeProcessor()))

    yield make


@pytest.fixture(scope="session")
def write_key() -> str:
    return WRITE_KEY
