"""Extract the dev set and score it: python scripts/dev_eval.py [OUTDIR] [--no-hanlp] [--eval=DIR].

Writes one JSON per dev document (to_eval_json) into OUTDIR and prints the
scorer's report (shared/eval/score.py) plus the extraction time per document.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without install

from kg.config import Settings  # noqa: E402
from kg.extract.pipeline import Extractor  # noqa: E402

# The shared eval folder beside the checkout (../shared/eval), or the one given with --eval=DIR.
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    given = [a.split("=", 1)[1] for a in argv if a.startswith("--eval=")]
    eval_dir = Path(given[0]) if given else EVAL
    out = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="kg-dev-"))
    out.mkdir(parents=True, exist_ok=True)
    ex = Extractor(Settings(use_hanlp="--no-hanlp" not in argv))
    for path in sorted((eval_dir / "docs").glob("*.txt")):
        t = time.perf_counter()
        res = ex.extract_path(path)
        dt = time.perf_counter() - t
        res.doc_id = path.stem
        (out / f"{path.stem}.json").write_text(json.dumps(res.to_eval_json(), ensure_ascii=False, indent=1))
        sys.stderr.write(f"{path.stem:28} {len(res.document.text):6} chars {dt:6.2f}s\n")
    subprocess.run([sys.executable, str(eval_dir / "score.py"), "score-dir", str(eval_dir / "gold"), str(out)], check=False)
    sys.stderr.write(f"predictions in {out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
