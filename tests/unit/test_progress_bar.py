"""kg.progress.Bar: count, rate and ETA on a terminal; nothing at all in a pipe."""

from __future__ import annotations

import io

from rich.console import Console

from kg.progress import Bar


def test_progress_bar_shows_count_rate_and_eta_on_a_terminal() -> None:
    out = io.StringIO()
    with Bar(3, "loading", console=Console(file=out, force_terminal=True, width=120)) as bar:
        for _ in range(3):
            bar.advance()
        bar.phase("importing")
    text = out.getvalue()
    assert "3/3" in text and "reports/s" in text and "ETA" in text and "importing" in text
    assert bar.completed == 3


def test_progress_bar_is_quiet_when_not_a_terminal() -> None:
    out = io.StringIO()
    with Bar(3, "loading", console=Console(file=out)) as bar:
        bar.advance(3)
    assert out.getvalue() == "" and bar.completed == 3
