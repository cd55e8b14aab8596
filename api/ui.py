"""The analyst web page: static files under /ui/ (api/static/ui), and / sends people there.

The page is plain HTML, CSS and JavaScript calling /api/v1; its one library, cytoscape.js, is
vendored under static/ui/vendor with its licence (`make ui-vendor` copies it from the npm
package). Nothing it loads comes from another host.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

UI_DIR = Path(__file__).resolve().parent / "static" / "ui"


def mount_ui(app: FastAPI) -> None:
    app.mount("/ui", StaticFiles(directory=UI_DIR, html=True), name="ui")

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/ui/")
