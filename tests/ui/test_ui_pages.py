"""The analyst web page (/ui/) in headless Chromium, on the sample report's graph: what the page
shows is checked against what the API answers (no names written into the test), Chinese text
renders as glyphs, search marks its matches, and no request leaves the machine."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from tests.ui.chromium import Page
from tests.ui.conftest import ARTIFACTS

pytestmark = [pytest.mark.neo4j, pytest.mark.jvm]

READY = "!!document.body && document.body.dataset.ready === 'true'"


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.load(resp)


def show(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for(f"location.href === {json.dumps(url)} && {READY}")


def only_local(page: Page, base: str) -> list[str]:
    """The requests that went anywhere but the API server (data: and blob: URLs are in-page)."""
    return [u for u in page.requests if not u.startswith((base + "/", "data:", "blob:", "about:"))]


# Draws two different CJK characters on a canvas in the page's font: with no CJK font both come out
# as the same empty box, so equal pixels mean Chinese does not render.
CJK_RENDERS_JS = """(() => {
  const font = '24px ' + getComputedStyle(document.body).fontFamily;
  const draw = ch => { const c = document.createElement('canvas'); c.width = c.height = 32;
    const x = c.getContext('2d'); x.font = font; x.fillText(ch, 2, 26);
    return Array.from(x.getImageData(0, 0, 32, 32).data).join(','); };
  return draw('\\u4e2d') !== draw('\\u56fd') && draw('\\u4e2d') !== draw('\\u0000');
})()"""


def test_ui_home_lists_the_sample_districts_with_their_targets(page: Page, live_api: str) -> None:
    districts = get_json(live_api + "/api/v1/browse/districts?limit=100")["data"]
    show(page, live_api + "/ui/")
    rows = page.eval("[...document.querySelectorAll('#districts tbody tr')].map(r => "
                     "[...r.cells].map(c => c.innerText.trim()))")
    assert [r[0].split(" ")[0] for r in rows] == [d["name"] for d in districts]
    top = districts[0]
    assert top["targets"] > 0  # the sample report sets targets for its district
    assert rows[0][2] == str(top["targets"]) and rows[0][3] == str(top["actuals"])
    docs = page.eval("document.querySelector('#documents tbody').innerText")
    assert "chuanhui-2021-government-work-report" in docs
    assert page.eval(CJK_RENDERS_JS) is True
    assert only_local(page, live_api) == []
    assert page.console_errors == []
    page.screenshot(ARTIFACTS / "ui-home.png")


def test_ui_search_marks_matches_in_entities_and_sentences(page: Page, live_api: str) -> None:
    show(page, live_api + "/ui/")
    q = "产业"
    page.eval(f"document.getElementById('search-input').value = {json.dumps(q)}")
    page.eval("document.querySelector('#search-form button').click()")
    page.wait_for(f"location.hash.startsWith('#/search/') && {READY}")
    expected = get_json(f"{live_api}/api/v1/search?scope=sentences&q={urllib.parse.quote(q)}&limit=1")["total"]
    assert expected > 0
    marks = page.eval("[...document.querySelectorAll('#sentence-hits mark')].map(m => m.textContent)")
    assert marks and set(marks) == {q}
    assert page.eval("document.querySelectorAll('#sentence-hits .ev').length") == min(expected, 30)
    assert page.eval("document.querySelectorAll('#entity-hits mark').length") > 0
    page.screenshot(ARTIFACTS / "ui-search.png")


def test_ui_search_shows_sentence_hits_whole_phrase_first(page: Page, live_api: str) -> None:
    q = "營商環境"  # traditional characters: searched as the simplified text the graph holds
    api = get_json(f"{live_api}/api/v1/search?scope=sentences&q={urllib.parse.quote(q)}&limit=30")
    assert api["query"] == "营商环境" and 0 < api["exact_total"] < api["total"]
    show(page, f"{live_api}/ui/#/search/{urllib.parse.quote(q)}")
    hits = page.eval("[...document.querySelectorAll('#sentence-hits .ev')].map(e => ({loose: e.classList.contains('loose'), "
                     "marks: [...e.querySelectorAll('p mark')].map(m => m.textContent), text: e.querySelector('p').textContent, "
                     "path: e.querySelector('.path').textContent}))")
    assert [h["text"] for h in hits] == [h["sentence"] for h in api["data"]]  # the API's order: exact first
    exact = api["exact_total"]
    assert not any(h["loose"] for h in hits[:exact]) and all(h["loose"] for h in hits[exact:])
    assert all(h["marks"] == ["营商环境"] * h["text"].count("营商环境") for h in hits[:exact])
    for h, a in zip(hits[exact:], api["data"][exact:], strict=True):  # shared bigrams marked, as the API says
        assert h["marks"] == [a["sentence"][x["start"]:x["end"]] for x in a["hits"]] and h["marks"]
    assert all(a["document"]["title"] in h["path"] for h, a in zip(hits, api["data"], strict=True))
    assert "营商环境" in page.eval("document.querySelector('h1').innerText")
    assert page.console_errors == []
    page.screenshot(ARTIFACTS / "ui-search-sentences.png")


def test_ui_district_page_shows_targets_against_results(page: Page, live_api: str) -> None:
    top = get_json(live_api + "/api/v1/browse/districts?limit=1")["data"][0]
    show(page, f"{live_api}/ui/#/district/{urllib.parse.quote(top['id'])}")
    assert page.eval("document.querySelector('h1').innerText").startswith(top["name"])
    cells = page.eval("[...document.querySelectorAll('#targets tbody tr')].map(r => [r.cells[3].innerText, r.cells[4].innerText])")
    targets = [t for t, _ in cells if t.strip()]
    assert len(targets) > 0 and any(a.strip() for _, a in cells)
    # Whole numbers without ".0" (the API sends floats: 309.0).
    assert not any(".0" in t.replace(".0%", "").split("\n")[0][-3:] for t, _ in cells)
    assert page.eval("document.querySelectorAll('#chart svg rect').length") > 0
    assert page.eval("document.querySelectorAll('#group-evidence .ev').length") > 0
    page.screenshot(ARTIFACTS / "ui-district.png")


def test_ui_entity_page_has_evidence_links_and_graph(page: Page, live_api: str) -> None:
    top = get_json(live_api + "/api/v1/browse/districts?limit=1")["data"][0]
    show(page, f"{live_api}/ui/#/entity/{urllib.parse.quote(top['id'])}")
    page.wait_for("Number(document.getElementById('graph').dataset.nodes || 0) > 1")
    marked = page.eval("[...document.querySelectorAll('#mentions mark')].map(m => m.textContent)")
    assert top["name"] in marked
    ties = get_json(f"{live_api}/api/v1/entities/{urllib.parse.quote(top['id'])}/neighbours")["total"]
    assert page.eval("document.querySelectorAll('#links .ev').length") == ties
    assert only_local(page, live_api) == []
    page.screenshot(ARTIFACTS / "ui-entity.png")


def test_ui_exports_download_graphml_json_and_csv(page: Page, live_api: str) -> None:
    show(page, live_api + "/ui/")
    got = page.eval("""Promise.all([...document.querySelectorAll('nav.exports a[data-download]')].map(a =>
        fetch(a.dataset.download).then(r => r.text().then(t => [r.status, r.headers.get('content-type'), t.slice(0, 60)]))))""")
    assert [status for status, _, _ in got] == [200, 200, 200]
    (_, graphml_type, graphml), (_, json_type, _), (_, csv_type, csv) = got
    assert "graphml" in graphml_type and "<graphml" in graphml
    assert json_type.startswith("application/json")
    assert csv_type.startswith("text/csv") and csv.lstrip("\ufeff").startswith("id,indicator,kind")
