"""The web page's reads and files: /api/v1/browse, /ui/, / and the offline docs (no Chromium needed)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.neo4j

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def test_api_browse_districts_page_with_counts(client) -> None:  # noqa: ANN001
    body = client.get("/api/v1/browse/districts", params={"limit": 2}).json()
    assert body["count"] == len(body["data"]) <= 2 and body["total"] >= body["count"]
    first = body["data"][0]
    assert first["type"] == "District" and {"targets", "actuals", "projects", "mentions"} <= first.keys()


def test_api_browse_sentences_need_a_phrase(client) -> None:  # noqa: ANN001
    assert client.get("/api/v1/browse/sentences").status_code == 422
    hits = client.get("/api/v1/browse/sentences", params={"q": "柳塘村"}).json()
    assert hits["total"] >= 1 and all("柳塘村" in s["sentence"] for s in hits["data"])


def test_api_browse_metrics_csv_is_utf8_with_bom(client) -> None:  # noqa: ANN001
    resp = client.get("/api/v1/browse/metrics", params={"district": "青禾区", "format": "csv"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    text = resp.content.decode("utf-8")
    assert text.startswith("\ufeffid,indicator,kind,measure,value")
    assert ",310," in text and "310.0" not in text


def test_api_browse_metrics_json_rows_match_the_csv(client) -> None:  # noqa: ANN001
    rows = client.get("/api/v1/browse/metrics", params={"district": "青禾区"}).json()
    csv_lines = client.get("/api/v1/browse/metrics", params={"district": "青禾区", "format": "csv"}).text.splitlines()
    assert rows["count"] == len(rows["data"]) == len(csv_lines) - 1 > 0
    assert {r["value"] for r in rows["data"]} >= {"310", "4.1"}


def test_api_browse_ui_files_are_served_and_local(client) -> None:  # noqa: ANN001
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"
    page = client.get("/ui/")
    assert page.status_code == 200 and "PolicyKG" in page.text
    assert EXTERNAL.findall(page.text) == []
    for asset in re.findall(r'(?:src|href)="([^"#:]+)"', page.text):
        url = asset if asset.startswith("/") else "/ui/" + asset
        assert client.get(url).status_code == 200, asset
    assert client.get("/ui/vendor/cytoscape.LICENSE").status_code == 200


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_browse_docs_pages_reference_no_other_host(client, path: str) -> None:  # noqa: ANN001
    page = client.get(path)
    assert page.status_code == 200 and EXTERNAL.findall(page.text) == []
    for asset in re.findall(r'(?:src|href)="(/static-offline-docs/[^"]+)"', page.text):
        assert client.get(asset).status_code == 200, asset
