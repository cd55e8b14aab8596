"""Extraction on Ray (kg.extract.ray_engine) gives what the local engine gives, in input order,
with a bad file reported and the others extracted. A real private Ray instance, rules only."""

from __future__ import annotations

import importlib.util
import ipaddress
import os
from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import KGError
from kg.extract.parallel import extract_many

# installed by `make setup` (the dev extra pulls policykg[ray]); not imported here: kg.extract.ray_engine
# sets Ray's environment before the first import
pytestmark = pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray not installed")


def _corpus(tmp_path: Path, sample_path: Path, n: int) -> list[Path]:
    """n short reports (a few paragraphs of the sample each), a missing file and a binary one among them."""
    paras = [p for p in sample_path.read_text(encoding="utf-8").split("\n") if len(p) > 40]
    paths = []
    for i in range(n):
        path = tmp_path / f"r{i:02d}.txt"
        path.write_text("\n".join([paras[0], *paras[1 + i:4 + i]]) + "\n", encoding="utf-8")
        paths.append(path)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    return [*paths[:5], tmp_path / "missing.txt", *paths[5:], tmp_path / "bad.txt"]


def _run(paths: list[Path], **kw: object) -> tuple[list[dict], list[str]]:
    errors: list[str] = []

    def on_error(path: Path, e: KGError) -> None:
        errors.append(f"{path.name}: {str(e)[:6]}")

    results = extract_many(paths, Settings(use_hanlp=False), on_error=on_error, **kw)  # type: ignore[arg-type]
    return [r.model_dump() for r in results], errors


def test_ray_engine_matches_local_in_order_and_reports_bad_files(tmp_path: Path, sample_path: Path) -> None:
    # 22 reports = 6 chunks of 4 over 2 actors: more than the window, so chunks are handed out as
    # actors finish and still come back in order.
    paths = _corpus(tmp_path, sample_path, 22)
    local, local_errors = _run(paths, workers=1)
    ray, ray_errors = _run(paths, workers=2, engine="ray")
    assert [r["doc_id"] for r in ray] == [p.stem for p in paths if p.stem.startswith("r")]
    assert ray == local  # every entity, metric, relation and offset
    assert ray_errors == local_errors == ["missing.txt: [E001]", "bad.txt: [E003]"]


def test_ray_engine_without_files_starts_nothing(tmp_path: Path) -> None:
    import ray

    assert _run([], workers=2, engine="ray") == ([], [])
    assert not ray.is_initialized()


def _listening() -> dict[int, str]:
    """Listening TCP sockets of this machine: inode -> local address (from /proc/net)."""
    found = {}
    for name in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{name}").read_text().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A":  # LISTEN
                found[int(f[9])] = f[1].split(":")[0]
    return found


def _owner(inodes: set[int]) -> dict[int, str]:
    """inode -> the command line of the process holding it."""
    owners = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and int(link[8:-1]) in inodes:
                    owners[int(link[8:-1])] = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
    return owners


def _loopback(hex_addr: str) -> bool:
    raw = bytes.fromhex(hex_addr)
    if len(raw) == 4:
        return ipaddress.IPv4Address(raw[::-1]).is_loopback
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    addr = ipaddress.IPv6Address(words)
    return addr.is_loopback or (addr.ipv4_mapped is not None and addr.ipv4_mapped.is_loopback)


def test_ray_engine_private_instance_listens_on_loopback_only() -> None:
    from kg.extract.ray_engine import connect

    before = set(_listening())
    ray, started = connect(Settings(use_hanlp=False), 1, None)
    try:
        assert started and ray.get(ray.remote(lambda: 1).remote()) == 1
        now = _listening()
        owners = _owner(set(now) - before)
        ray_sockets = {i: now[i] for i, cmd in owners.items() if "ray" in cmd or "gcs_server" in cmd}
        assert ray_sockets  # the GCS, the raylet, the workers
        assert all(_loopback(a) for a in ray_sockets.values()), ray_sockets
    finally:
        ray.shutdown()
