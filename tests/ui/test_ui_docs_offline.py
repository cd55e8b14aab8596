"""/docs (Swagger UI) and /redoc render in a Chromium that can reach no host but this one."""

from __future__ import annotations

import pytest

from tests.ui.chromium import Page
from tests.ui.conftest import ARTIFACTS

pytestmark = [pytest.mark.neo4j, pytest.mark.jvm]


def test_ui_docs_swagger_renders_without_network(page: Page, live_api: str) -> None:
    page.goto(live_api + "/docs")
    title = page.wait_for("(e => e && e.innerText)(document.querySelector('.swagger-ui .info .title'))")
    assert title.startswith("PolicyKG")
    page.wait_for("document.querySelectorAll('.opblock').length > 10")
    assert [u for u in page.requests if not u.startswith((live_api + "/", "data:"))] == []
    assert page.failed == []
    page.screenshot(ARTIFACTS / "docs-swagger.png")


def test_ui_docs_redoc_renders_without_network(page: Page, live_api: str) -> None:
    page.goto(live_api + "/redoc")
    page.wait_for("document.body.innerText.includes('PolicyKG') && document.querySelectorAll('[data-section-id]').length > 5")
    assert [u for u in page.requests if not u.startswith((live_api + "/", "data:", "blob:"))] == []
