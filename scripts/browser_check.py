"""Check, as a person would, that a running local Neo4j serves a working Neo4j Browser.

Needs a running server (`kg neo4j start`) and Debian's chromium (`apt-get install -y
chromium`); installs nothing itself. Two steps, both with headless Chromium:

1. load <http>/browser/ and write a screenshot (page.png) and the DOM (page.html) with
   Chromium's own --screenshot / --dump-dom; check the page is Neo4j Browser;
2. unless --no-connect: drive the same page over the DevTools protocol (the python
   `websockets` package): type the password into Browser's connect form, press
   Connect, wait for "You are connected", run --query in Browser's editor and write
   connected.png / connected.html;
3. with --style FILE (a GraSS file, e.g. schemas/browser/style.grass): in the same
   session run `:style <the file's rules>` in Browser's editor, run a query around the
   best-connected District of the loaded graph, check that the graph view shows a
   District name as a node caption (in the SVG text) in the District colour of the
   file, and a Metric caption (indicator and value) in the Metric colour; write
   styled.png / styled.html.

Exit code 0 when every step passed; a JSON summary goes to stdout.

    .venv/bin/python scripts/browser_check.py                     # the KG_* settings' server
    .venv/bin/python scripts/browser_check.py --http-port 7475 --bolt-port 7688 --password ...
    .venv/bin/python scripts/browser_check.py --style schemas/browser/style.grass --out /tmp/bc
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

try:
    from kg.config import get_settings
except ModuleNotFoundError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from kg.config import get_settings

# The flags asked for a quiet, offline, throw-away headless Chromium.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
]
# Browser is a React app: give its scripts virtual time to render before the dump.
RENDER_BUDGET_MS = 15000


def parse_args() -> argparse.Namespace:
    s = get_settings()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--http-port", type=int, default=s.neo4j_http_port)
    p.add_argument("--bolt-host", default=s.neo4j_bolt_host)
    p.add_argument("--bolt-port", type=int, default=s.neo4j_bolt_port)
    p.add_argument("--user", default=s.neo4j_user)
    p.add_argument("--password", default=s.neo4j_password.get_secret_value())
    p.add_argument("--query", default="MATCH (n) RETURN n LIMIT 25")
    p.add_argument("--no-connect", action="store_true", help="only load the page (step 1)")
    p.add_argument("--style", type=Path, default=None, help="a GraSS file to load and check (step 3)")
    p.add_argument("--out", type=Path, default=None, help="output dir (default: a new tmp dir)")
    p.add_argument("--timeout", type=float, default=60.0)
    return p.parse_args()


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        sys.exit("chromium not found: apt-get install -y chromium")
    return exe


def page_url(args: argparse.Namespace) -> str:
    # ?dbms= preselects the connect URL and user in Browser's :server connect form.
    dbms = f"bolt://{args.user}@{args.bolt_host}:{args.bolt_port}"
    return f"http://127.0.0.1:{args.http_port}/browser/?dbms={dbms}"


def run_chromium(exe: str, extra: list[str], url: str, timeout: float) -> subprocess.CompletedProcess[str]:
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    try:
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def step_load(exe: str, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Step 1: screenshot and DOM through Chromium's command-line switches."""
    url, budget = page_url(args), f"--virtual-time-budget={RENDER_BUDGET_MS}"
    run_chromium(exe, [budget, f"--screenshot={out / 'page.png'}"], url, args.timeout)
    dom = run_chromium(exe, [budget, "--dump-dom"], url, args.timeout).stdout
    (out / "page.html").write_text(dom, encoding="utf-8")
    checks = {
        "title is Neo4j Browser": "<title>Neo4j Browser</title>" in dom,
        "connect form shown": 'data-testid="boltaddress"' in dom and 'data-testid="password"' in dom,
        "connect URL preselected": f'value="{args.bolt_host}:{args.bolt_port}"' in dom,
        "screenshot written": (out / "page.png").is_file(),
    }
    return {"url": url, "checks": checks, "ok": all(checks.values())}


class Cdp:
    """The few DevTools protocol calls this check needs, over one page's websocket."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:  # skip events until our answer arrives
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def eval(self, js: str) -> Any:
        return self.call("Runtime.evaluate", expression=js, returnByValue=True)["result"].get("value")

    def wait_for(self, js: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.eval(js):
                return True
            time.sleep(0.5)
        return False

    def type_into(self, selector: str, text: str) -> bool:
        """Focus an element and type as a keyboard would (React sees real input events)."""
        if not self.eval(f"(e => !!e && (e.focus(), true))(document.querySelector({json.dumps(selector)}))"):
            return False
        self.call("Input.insertText", text=text)
        return True

    def click(self, selector: str) -> bool:
        return bool(
            self.eval(f"(e => !!e && (e.click(), true))(document.querySelector({json.dumps(selector)}))")
        )

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))


def open_devtools(exe: str, url: str, profile: Path, timeout: float) -> tuple[subprocess.Popen[bytes], str]:
    """Start Chromium with a DevTools port; return it and its page's websocket URL."""
    cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", url]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = profile / "DevToolsActivePort"  # Chromium writes the port it picked here
    deadline = time.monotonic() + timeout
    while not port_file.is_file() or not port_file.read_text().strip():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("Chromium did not open its DevTools port")
        time.sleep(0.2)
    port = port_file.read_text().split()[0]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
        pages = [t for t in json.load(resp) if t.get("type") == "page"]
    return proc, pages[0]["webSocketDebuggerUrl"]


CONNECTED_JS = "document.body && document.body.innerText.includes('You are connected as user')"
# Table/text views say "Started streaming"; the graph view says "Displaying N nodes".
RESULT_JS = (
    "document.body && /Started streaming|no changes, no records|Displaying \\d+ nodes/"
    ".test(document.body.innerText)"
)


def step_connect(exe: str, args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Step 2: fill Browser's connect form, connect, run a query, screenshot."""
    from websockets.sync.client import connect

    profile = Path(tempfile.mkdtemp(prefix="kg-chromium-"))
    proc, ws_url = open_devtools(exe, page_url(args), profile, args.timeout)
    try:
        with connect(ws_url, max_size=None) as ws:
            checks = drive_browser(Cdp(ws), args, out)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)
    return {"query": args.query, "checks": checks, "ok": all(checks.values())}


def drive_browser(cdp: Cdp, args: argparse.Namespace, out: Path) -> dict[str, bool]:
    checks: dict[str, bool] = {}
    checks["connect form rendered"] = cdp.wait_for(
        "!!document.querySelector('input[data-testid=password]')", args.timeout
    )
    checks["password typed"] = cdp.type_into("input[data-testid=password]", args.password)
    checks["connect clicked"] = cdp.click("button[data-testid=connect]")
    checks["connected"] = cdp.wait_for(CONNECTED_JS, args.timeout)
    checks["query typed"] = cdp.type_into("[data-testid=activeEditor] textarea", args.query)
    checks["query run"] = cdp.click("[data-testid=editor-Run]")
    checks["result shown"] = cdp.wait_for(RESULT_JS, args.timeout)
    time.sleep(2)  # let the graph view's force layout settle before the picture
    cdp.screenshot(out / "connected.png")
    (out / "connected.html").write_text(cdp.eval("document.documentElement.outerHTML"), encoding="utf-8")
    if args.style is not None:
        checks |= check_style(cdp, args, out)
    return checks


# --- step 3: a GraSS style ---------------------------------------------------------------------

# The query of step 3: the District with the most place and metric ties, its places and some metrics.
# It picks its own district, so it runs on any loaded report.
STYLE_QUERY = (
    "MATCH (d:District) WITH d ORDER BY COUNT { (d)-[:PART_OF|LOCATED_IN|ABOUT]-() } DESC, d.name LIMIT 1 "
    "CALL (d) { MATCH p = (d)-[:PART_OF|LOCATED_IN]-() RETURN p LIMIT 15 "
    "UNION MATCH p = (d)<-[:ABOUT]-(:Metric) RETURN p LIMIT 10 } RETURN p"
)
# Each node of Browser's graph view is an SVG <g class="node"> with a <circle class="b-outline">
# filled in the style's colour and one <text> per wrapped caption line.
NODES_JS = """[...document.querySelectorAll('svg g.node')].map(g => {
  const circle = g.querySelector('circle.b-outline');
  return {fill: circle ? circle.getAttribute('fill') || '' : '',
          caption: [...g.querySelectorAll('text')].map(t => t.textContent).join('').trim()};
})"""
STYLE_FRAME_JS = (
    "(() => { const g = localStorage.getItem('neo4j.grass') || '';"
    " return g.includes('District') && g.includes('{indicator} {value_text}{unit}'); })()"
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def grass_rules(text: str) -> dict[str, dict[str, str]]:
    """``selector { key: value; }`` rules of a GraSS file (quoted values may hold braces)."""
    rules = {}
    for selector, body in re.findall(r'([\w.]+)\s*\{((?:"[^"]*"|[^}"])*)\}', text):
        pairs = [p.split(":", 1) for p in body.split(";") if ":" in p]
        rules[selector] = {k.strip(): v.strip().strip('"') for k, v in pairs}
    return rules


def style_command(text: str) -> str:
    # One line: Browser's :style parser ignores layout, and a one-line insert keeps the
    # editor from auto-indenting or auto-closing braces while the text goes in.
    return ":style " + re.sub(r"\s*\n\s*", " ", text.strip())


def run_in_editor(cdp: Cdp, text: str) -> bool:
    cdp.eval("(e => e && e.focus())(document.querySelector('[data-testid=activeEditor] textarea'))")
    cdp.call("Input.dispatchKeyEvent", type="keyDown", key="a", code="KeyA", modifiers=2,
             windowsVirtualKeyCode=65, commands=["selectAll"])  # replace whatever is left
    cdp.call("Input.dispatchKeyEvent", type="keyUp", key="a", code="KeyA", modifiers=2, windowsVirtualKeyCode=65)
    return cdp.type_into("[data-testid=activeEditor] textarea", text) and cdp.click("[data-testid=editor-Run]")


def district_names(args: argparse.Namespace) -> set[str]:
    """Every District name of the graph Browser shows, read through kg's own reader."""
    from pydantic import SecretStr

    from kg.store.driver import open_driver
    from kg.store.reader import GraphReader

    settings = get_settings().model_copy(update={
        "neo4j_uri": f"bolt://{args.bolt_host}:{args.bolt_port}", "neo4j_user": args.user,
        "neo4j_password": SecretStr(args.password)})
    driver = open_driver(settings)
    try:
        page = GraphReader(driver, settings).search("", type="District", limit=10000)
    finally:
        driver.close()
    return {d["name"] for d in page.items}


def check_style(cdp: Cdp, args: argparse.Namespace, out: Path) -> dict[str, bool]:
    text = args.style.read_text(encoding="utf-8")
    rules = grass_rules(text)
    checks = {"style run": run_in_editor(cdp, style_command(text))}
    checks["style stored by Browser"] = cdp.wait_for(STYLE_FRAME_JS, args.timeout)
    checks["style query run"] = run_in_editor(cdp, STYLE_QUERY)
    checks["graph drawn"] = cdp.wait_for(
        "[...document.querySelectorAll('svg g.node text')].some(t => /[\\u4e00-\\u9fff]/.test(t.textContent))",
        args.timeout)
    time.sleep(3)  # let the force layout settle before the picture
    nodes = cdp.eval(NODES_JS) or []
    checks |= caption_checks(nodes, rules, district_names(args))
    cdp.screenshot(out / "styled.png")
    (out / "styled.html").write_text(cdp.eval("document.documentElement.outerHTML"), encoding="utf-8")
    (out / "styled-nodes.json").write_text(json.dumps(nodes, ensure_ascii=False, indent=1), encoding="utf-8")
    return checks


def caption_checks(nodes: list[dict[str, str]], rules: dict[str, dict[str, str]],
                   districts: set[str]) -> dict[str, bool]:
    def colour(label: str) -> str:
        return rules.get(f"node.{label}", {}).get("color", "?").lower()

    district = [n for n in nodes if n["caption"] in districts]
    metric = [n for n in nodes if n["fill"].lower() == colour("Metric")]
    return {
        "District name as caption": bool(district),
        "District in its style colour": any(n["fill"].lower() == colour("District") for n in district),
        "Metric caption: indicator and value": any(
            CJK.search(n["caption"]) and re.search(r"\d", n["caption"]) for n in metric),
        # value_text: whole numbers as people write them (309人, not 309.0人)
        "Metric captions without .0": not any(re.search(r"\d\.0(?!\d)", n["caption"]) for n in metric),
    }


def main() -> int:
    args = parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-browser-check-"))
    out.mkdir(parents=True, exist_ok=True)
    exe = chromium()
    report: dict[str, Any] = {"out": str(out), "load": step_load(exe, args, out)}
    if not args.no_connect:
        report["connect"] = step_connect(exe, args, out)
    ok = all(step["ok"] for step in report.values() if isinstance(step, dict))
    print(json.dumps(report | {"ok": ok}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
