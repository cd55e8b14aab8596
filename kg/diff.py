"""Two reports of one government side by side: the projects, companies and targets that are new,
dropped and kept (GET /api/v1/documents/{a}/diff/{b}, `kg diff`). Pure: the graph reads are
kg.store.reader.GraphReader.diff's.

* Projects and companies are the same when they are the same entity (cross-report identity,
  kg.extract.identity); a kept one shows the name each report gives it.
* Targets are matched by indicator (its standard name, kg.synonyms, after a leading time phrase
  such as 到2025年), measure, kind, what they are about (the district, or a project's own figure)
  and horizon: the report's own year (2021's GDP growth target meets 2022's), a later year (到2025年
  meets 到2025年) or a span (十四五). Several on one side are paired in period order.
Each item carries the sentence it was read in, from each report that has it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from kg.errors import Err, QueryRefused
from kg.synonyms import get_synonyms


def check_pair(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Refuse (422) a pair of reports that are not two reports of one government."""
    for d in (a, b):
        if not d.get("district_id"):
            raise QueryRefused(Err.E287.format(doc_id=d["id"]))
    if a["district_id"] != b["district_id"]:
        ja, jb = (f"{d.get('district_name') or d['district_id']} ({d['district_id']})" for d in (a, b))
        raise QueryRefused(Err.E286.format(a=a["id"], b=b["id"], ja=ja, jb=jb))


def diff_entities(a: list[dict[str, Any]], b: list[dict[str, Any]], etype: str) -> dict[str, list[dict[str, Any]]]:
    """new (only in b), dropped (only in a), kept (both: each report's name and sentence)."""
    in_a = {e["id"]: e for e in a if e["type"] == etype}
    in_b = {e["id"]: e for e in b if e["type"] == etype}

    def item(eid: str) -> dict[str, Any]:
        ea, eb = in_a.get(eid), in_b.get(eid)
        named = eb or ea
        assert named is not None
        return {"id": eid, "type": etype, "name": named["name"],
                "name_a": ea["name"] if ea else None, "name_b": eb["name"] if eb else None,
                "renamed": bool(ea and eb and ea["name"] != eb["name"]),
                "evidence_a": ea.get("evidence") if ea else None, "evidence_b": eb.get("evidence") if eb else None}

    def order(ids: set[str]) -> list[str]:
        return sorted(ids, key=lambda i: ((in_b.get(i) or in_a[i])["name"], i))

    return {"new": [item(i) for i in order(set(in_b) - set(in_a))],
            "dropped": [item(i) for i in order(set(in_a) - set(in_b))],
            "kept": [item(i) for i in order(set(in_a) & set(in_b))]}


# A time phrase the metric reader left on an indicator's name (到2025年全区生产总值).
_TIME_PREFIX = re.compile(r"^(?:到|至|在)?\d{4}年(?:底|末)?")


def indicator_key(indicator: str) -> str:
    """The indicator as target-against-result keys it (kg.synonyms ``canonical``: the standard
    name, a generic tail such as 建设 taken off an unknown name), read without a leading time
    phrase (到2025年), so the diff and metrics/compare agree on what is the same target."""
    return get_synonyms().canonical(_TIME_PREFIX.sub("", indicator) or indicator)


def horizon(period: str | None, year: int | None) -> str:
    """annual (the report's own year), a later year (year:2025), a span (span:2021-2025) or none."""
    if not period:
        return "none"
    if "-" in period:
        return f"span:{period}"
    if year is None or period == str(year):
        return "annual"
    return f"year:{period}"


def target_key(m: dict[str, Any], year: int | None = None) -> tuple[str, str, str, str, str]:
    """What makes two reports' targets the same target: indicator, measure, kind, subject, horizon."""
    about = (m.get("about") or {}).get("id") or ""
    return (indicator_key(m["indicator"]), m["measure"], m["kind"], about, horizon(m.get("period"), year))


def _figure(m: dict[str, Any] | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {k: m.get(k) for k in ("id", "indicator", "value", "unit", "period", "qualifier", "evidence")}


def diff_targets(a: list[dict[str, Any]], b: list[dict[str, Any]], year_a: int | None = None,
                 year_b: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Targets of b not in a (new), of a not in b (dropped), in both (kept, values both sides)."""
    side_a: dict[tuple, list[dict]] = defaultdict(list)
    side_b: dict[tuple, list[dict]] = defaultdict(list)
    for m in a:
        side_a[target_key(m, year_a)].append(m)
    for m in b:
        side_b[target_key(m, year_b)].append(m)
    out: dict[str, list[dict[str, Any]]] = {"new": [], "dropped": [], "kept": []}
    for key in sorted(set(side_a) | set(side_b)):
        ours = sorted(side_a.get(key, []), key=_by_period)
        theirs = sorted(side_b.get(key, []), key=_by_period)
        for i in range(max(len(ours), len(theirs))):
            ma = ours[i] if i < len(ours) else None
            mb = theirs[i] if i < len(theirs) else None
            named = mb or ma
            assert named is not None
            what = "kept" if ma and mb else ("new" if mb else "dropped")
            out[what].append({"indicator": key[0], "measure": key[1], "kind": key[2],
                              "about": named.get("about"), "a": _figure(ma), "b": _figure(mb),
                              "changed": bool(ma and mb and (ma["value"], ma.get("unit")) != (mb["value"], mb.get("unit")))})
    return out


def _by_period(m: dict[str, Any]) -> tuple[str, float, str]:
    return (m.get("period") or "", float(m.get("value") or 0), m.get("id") or "")


def diff_documents(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The diff of two sides as DIFF_SIDE reads them (document, entities, targets)."""
    check_pair(a["document"], b["document"])
    ea, eb = a["entities"], b["entities"]
    return {"a": a["document"], "b": b["document"],
            "projects": diff_entities(ea, eb, "Project"), "companies": diff_entities(ea, eb, "Company"),
            "targets": diff_targets(a["targets"], b["targets"], a["document"].get("year"), b["document"].get("year"))}
