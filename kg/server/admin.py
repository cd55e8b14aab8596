"""neo4j-admin commands on a stopped local instance (``database import full``)."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

from kg.config import Settings
from kg.errors import Err, ServerError

from .layout import Instance, admin_command, import_args
from .manager import _java, status
from .provision import provision

log = logging.getLogger(__name__)


def import_full(settings: Settings, nodes: list[tuple[str, Path]], relationships: list[tuple[str, Path]], *,
                array_delimiter: str, multiline: bool, folder: Path) -> str:
    """Replace this instance's database with the CSV files; the server must be stopped. Returns
    neo4j-admin's summary (its last lines); raises ServerError (E275) when the import fails."""
    inst, folder = Instance.of(settings), folder.resolve()
    if status(settings).running:
        raise ServerError(Err.E275.format(code="-", detail="the server still runs; stop it first",
                                          folder=folder, report="-"))
    provision(settings)
    report = folder / "import.report"
    args = import_args(settings.neo4j_database, nodes, relationships, array_delimiter=array_delimiter,
                       multiline=multiline, report=report, max_off_heap=settings.neo4j_import_memory)
    cmd = admin_command(_java(), inst, args, heap=settings.neo4j_import_heap)
    log.info("neo4j-admin %s", " ".join(args[:4]))
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=folder)
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        lines = [ln for ln in output.splitlines() if ln.strip() and not ln.startswith(("\t", "at "))]
        raise ServerError(Err.E275.format(code=done.returncode, detail=" ".join(lines[-3:])[:600],
                                          folder=folder, report=report))
    return "\n".join(output.splitlines()[-6:])
