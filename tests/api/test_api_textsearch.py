"""GET /api/v1/search?scope=sentences|all against the real test Neo4j (two invented reports,
tests/textsearch_support.py): hits with their document, section path, offsets and marks; filters;
the entity search unchanged as the default; and hostile queries answered, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.config import Settings
from tests.textsearch_support import load_reports

V1 = "/api/v1"


@pytest.fixture(scope="module")
def api(driver: object, neo4j_server: Settings) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from api.main import create_app

    load_reports(driver, neo4j_server)
    with TestClient(create_app(neo4j_server)) as c:
        yield c


def _ok(client, **params) -> dict:  # noqa: ANN001, ANN003
    r = client.get(f"{V1}/search", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_api_textsearch_sentences_with_document_section_and_marks(api) -> None:
    body = _ok(api, q="口袋公园", scope="sentences")
    assert (body["total"], body["exact_total"], body["count"], body["query"]) == (1, 1, 1, "口袋公园")
    hit = body["data"][0]
    assert hit["sentence"] == "完成口袋公园改造42个，惠及居民5600户。"
    assert hit["document"] == {"id": "meiling-2022", "title": "梅岭区2022年政府工作报告", "year": 2022,
                               "district_id": "District:539901"}
    assert hit["section_path"] == ["一、2021年工作回顾"] and hit["exact"] and hit["score"] > 0
    assert hit["hits"] == [{"start": 2, "end": 6}]
    assert hit["marked"] == "完成<mark>口袋公园</mark>改造42个，惠及居民5600户。"
    assert hit["end"] - hit["start"] == len(hit["sentence"])  # offsets of the sentence in its document


def test_api_textsearch_filters_and_paging(api) -> None:
    assert _ok(api, q="食品安全", scope="sentences", district="梅岭", exact_only="true")["total"] == 2
    assert _ok(api, q="食品安全", scope="sentences", district="539902")["data"][0]["document"]["id"] == "zhuxi-2021"
    assert _ok(api, q="汛情", scope="sentences", year=2021)["data"][0]["sentence"] == "汛情防控取得重大成果。"
    page = _ok(api, q="食品安全", scope="sentences", limit=2, offset=1)
    assert (page["count"], page["limit"], page["offset"]) == (2, 2, 1) and page["total"] >= 4
    r = api.get(f"{V1}/search", params={"q": "汛情", "scope": "sentences", "district": "不存在区"})
    assert r.status_code == 422 and r.json()["detail"].startswith("[E297]")


def test_api_textsearch_traditional_query(api) -> None:
    body = _ok(api, q="營商環境", scope="sentences", exact_only="true")
    assert body["query"] == "营商环境" and body["total"] == 2
    assert all("<mark>营商环境</mark>" in h["marked"] for h in body["data"])


def test_api_textsearch_entities_stay_the_default(api) -> None:
    default = _ok(api, q="梅岭区")
    assert set(default) == {"count", "total", "limit", "offset", "data"}
    assert default["data"][0]["name"] == "梅岭区"
    assert _ok(api, q="梅岭区", scope="entities") == default
    both = _ok(api, q="梅岭区", scope="all")
    assert both["entities"] == default and both["sentences"]["total"] >= 1
    r = api.get(f"{V1}/search", params={"q": "梅岭区", "year": 2022})  # a sentence filter on entities
    assert r.status_code == 422 and r.json()["detail"].startswith("[E298]")


# Lucene syntax, operators, wildcards, fuzzy and boosts, fields, quotes and backslashes, markup,
# control and invisible characters, and input far too long: each answered with results or one
# coded line (422), never a 500.
ATTACKS = ['食品安全 AND', 'OR', 'NOT 汛情', 'AND OR NOT TO', '*', '?', '疫*', '*汛情', '营商~', '营商~0.5', '环境^10',
           '环境^', 'text:汛情', '_id:1', '*:*', 'field:"x" OR *:*', '"营商环境"', '"', '""', '\\', '\\"', '汛情\\',
           '\\\\\\', '(', ')', '((汛情', '汛情))', '[a TO b]', '{a TO b}', '[* TO *]', '+汛情', '-汛情', '!汛情',
           '&&', '||', '+-&&||!(){}[]^"~*?:\\/', '/regex.*/', 'a:b:c', '食品安全"~5', '营商 "环境', 'V2.1~',
           '4K^2', '%', '<script>alert(1)</script>', '&amp;', '\u200b', '\x00', '汛情\x00', '\t\n', '🙂',
           'ÄÖÜ ß İstanbul', 'a b c d e f g h i j k', '营' * 201, 'x' * 5000, '食品安全 ' * 40]


@pytest.mark.parametrize("scope", ["sentences", "all"])
def test_api_textsearch_attack_strings_never_500(api, scope: str) -> None:
    answers = {}
    for q in ATTACKS:
        r = api.get(f"{V1}/search", params={"q": q, "scope": scope, "limit": 5})
        answers[q] = r.status_code
        assert r.status_code in (200, 422), (q, r.status_code, r.text[:300])
        if r.status_code == 422:
            detail = r.json()["detail"]
            assert isinstance(detail, str) and "\n" not in detail and detail[:5] in {"[E295", "[E296"}, (q, detail)
        elif scope == "sentences":
            body = r.json()
            assert body["total"] >= body["count"] and all("<script>" not in h["marked"] for h in body["data"])
    assert answers["营" * 201] == answers["x" * 5000] == 422
    assert answers["+汛情"] == 200 and _ok(api, q="+汛情", scope="sentences")["total"] == 2
    # a lone surrogate (valid as a JSON escape, not as UTF-8) in the query or a filter: one line
    for url in (f"{V1}/search?q=%ED%A0%80&scope=sentences", f"{V1}/search?q=汛情&scope=sentences&district=%ED%A0%80"):
        r = api.get(url)
        assert r.status_code in (200, 422) and "\n" not in r.text, r.text
