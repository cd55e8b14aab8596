"""A progress bar for long commands (build, import, extract, bench): count, rate and ETA.

rich draws it on stderr, only when stderr is a terminal: in a pipe, a log file or CI the
command's output is exactly what it was without the bar. Used by the command line and the
benchmarks, never by the library's functions (they take callbacks instead).
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second, in the command's unit ("3.2 reports/s")."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} {self.unit}/s" if speed else f"- {self.unit}/s", style="progress.data.speed")


class Bar:
    """``with Bar(total, "loading", "reports") as bar: ... bar.advance()``; ``bar.phase(text)``
    names what runs now (shown in the bar's description)."""

    def __init__(self, total: int | None, description: str, unit: str = "reports",
                 console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal
        self._progress = Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
            RateColumn(unit), TextColumn("elapsed"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), console=self.console, disable=not self.enabled, transient=False,
        )
        self._task = self._progress.add_task(description, total=total)

    def __enter__(self) -> Bar:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)

    def phase(self, description: str) -> None:
        self._progress.update(self._task, description=description)

    @property
    def completed(self) -> int:
        return int(self._progress.tasks[0].completed)
