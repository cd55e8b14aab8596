"""The Dockerfile installs packages that exist in the Debian release of its base image, and
copies every file the wheel's package data links to. No Docker engine: the release's package list
is read with apt-cache when this machine runs that release, else fetched from Debian's archive."""

from __future__ import annotations

import lzma
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
RELEASES = ("bullseye", "bookworm", "trixie", "forky")


def base_release(text: str) -> str:
    image = re.search(r"^FROM\s+(\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    found = [r for r in RELEASES if r in image]
    assert found, f"{image}: the base image must name its Debian release (e.g. python:3.11-slim-bookworm)"
    return found[0]


def apt_packages(text: str) -> list[str]:
    joined = text.replace("\\\n", " ")
    packages = []
    for cmd in re.findall(r"apt-get install ([^&;\n]+)", joined):
        packages += [w for w in cmd.split() if not w.startswith("-")]
    return packages


def release_has(release: str, packages: list[str]) -> dict[str, bool]:
    codename = _os_release().get("VERSION_CODENAME")
    if codename == release and shutil.which("apt-cache"):
        found = {p: _apt_cache_has(p) for p in packages}
        if any(found.values()):  # all missing at once means no package lists yet (apt-get update)
            return found
    index = _fetch_index(release)
    names = set(re.findall(r"^Package: (\S+)$", index, re.M))
    return {p: p in names for p in packages}


def _os_release() -> dict[str, str]:
    try:
        lines = Path("/etc/os-release").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split("=", 1) for line in lines if "=" in line)


def _apt_cache_has(package: str) -> bool:
    done = subprocess.run(["apt-cache", "show", "--no-all-versions", package], capture_output=True, text=True)
    return done.returncode == 0 and f"Package: {package}" in done.stdout


def _fetch_index(release: str) -> str:
    url = f"http://deb.debian.org/debian/dists/{release}/main/binary-amd64/Packages.xz"
    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            return lzma.decompress(resp.read()).decode("utf-8", "replace")
    except OSError as e:
        pytest.skip(f"no package list for Debian {release}: this machine runs another release and {url} "
                    f"is unreachable ({e})")


def test_dockerfile_packages_exist_in_its_debian_release() -> None:
    text = DOCKERFILE.read_text()
    packages = apt_packages(text)
    assert "openjdk-17-jre-headless" in packages or any(p.startswith("openjdk-") for p in packages)
    found = release_has(base_release(text), packages)
    assert found == {p: True for p in packages}


def test_dockerfile_apt_packages_parsed_from_a_continued_line() -> None:
    text = "FROM x:1-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends a b \\\n    && rm -rf y\n"
    assert apt_packages(text) == ["a", "b"]
    assert base_release(text) == "bookworm"


def test_dockerfile_copies_every_package_data_link_target() -> None:
    copied = [line.split()[1] for line in DOCKERFILE.read_text().splitlines() if line.startswith("COPY ")]
    for link in (PROJECT_ROOT / "kg" / "data").rglob("*"):
        if link.is_symlink():
            target = Path(os.path.normpath(link.parent / os.readlink(link))).relative_to(PROJECT_ROOT)
            assert any(target.is_relative_to(c.rstrip("/")) for c in copied if c not in ("README.md",)), target
