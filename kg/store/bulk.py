"""The first load of a large corpus as CSV files for ``neo4j-admin database import full``.

The files hold exactly the graph that kg.store.writer would build from the same rows, property
for property, so the transactional writer can take increments, re-ingests and deletes afterwards:

* a report's own nodes (Document, Section, Sentence, Metric) and their edges are streamed to the
  files report by report, with the properties the writer's CREATE/MERGE statements set;
* entities and entity relations are merged over the whole corpus first, with the writer's own
  row functions (kg.store.writer.entity_rows / relation_rows), and their per-document entries and
  derived properties (name, code, parent, aliases; confidence, source, evidence) are computed
  as the writer's Cypher does (kg.store.cypher.entity_aggregates, RELATION_AGGREGATES) for
  reports loaded in input order;
* relation types come from the rows, one file per type, so a new type needs no code here; a new
  *kind* of row in kg.build.GraphRows is refused (E270) until it is mapped below.

Two values CSV cannot hold, an empty list and a list of one empty string (neo4j-admin reads
both as "no property"), are left out of the files and listed as Fixups, which
kg.store.bulk_load sets over Bolt after the import.

Pure: no neo4j here.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from kg.build import ALIAS_SEPARATOR, GraphRows
from kg.errors import Err, InputError
from kg.ontology import get_ontology
from kg.store.writer import co_mention_rows, entity_rows, relation_rows

# Between list elements inside one CSV field: a control character no report text holds
# (kg.ingest.clean drops control characters), unlike ';' or ','.
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_ARG = "U+001F"
# Row kinds of GraphRows this module writes; any other non-empty list is refused (E270).
KNOWN_ROW_KINDS = frozenset({"sections", "sentences", "entities", "mentions", "metrics", "relations",
                             "co_mentions"})
GRAPH_VERSION_ID = "graph"

_ENTITY_LIST_PROPS = ("doc_ids", "doc_names", "doc_codes", "doc_parents", "alias_docs", "alias_forms", "aliases")
_RELATION_LIST_PROPS = ("doc_ids", "doc_confidences", "doc_sources", "doc_evidence", "sentence_ids")


def _column_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "datetime"
    return "string"


def _annotation_type(annotation: Any) -> str:
    """The neo4j-admin column type of a pydantic field annotation (int -> long, list[str] -> string[])."""
    if get_origin(annotation) in (Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is list:
        return _annotation_type(get_args(annotation)[0]) + "[]"
    return {int: "long", float: "double", bool: "boolean", str: "string"}.get(annotation, "string")


def _quote(text: str) -> str:
    if ARRAY_DELIMITER in text:
        raise InputError(Err.E271.format(detail=f"a value holds the control character U+001F: {text[:60]!r}"))
    return '"' + text.replace('"', '""') + '"'


def _cell(value: Any) -> str:
    """One CSV field: strings quoted (so "" is an empty string, an empty field no property)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        if isinstance(value[0], str):  # callers never pass [] or [''] (Fixups)
            inner = ARRAY_DELIMITER.join(v.replace('"', '""') for v in value)
            if any(ARRAY_DELIMITER in v for v in value):
                raise InputError(Err.E271.format(detail=f"a list value holds U+001F: {value[:3]!r}"))
            return '"' + inner + '"'
        return ARRAY_DELIMITER.join(repr(v) for v in value)
    return _quote(str(value))


def _unrepresentable(value: Any) -> bool:
    return isinstance(value, list) and (value == [] or value == [""])


@dataclass
class Fixups:
    """List properties the files leave out ([] and ['']), set after the import: per (label, or
    "TYPE:HeadLabel:TailLabel", and property) the value most elements get is set on every element
    still without it; rarer values are set by key first (node id, or (head id, tail id))."""

    nodes: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    rels: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def plan(self) -> list[tuple[str, str, str, Any, list | None]]:
        """(node|rel, label or type, property, value, keys or None for 'every element without it')."""
        steps: list[tuple[str, str, str, Any, list | None]] = []
        tables: list[tuple[str, dict]] = [("node", self.nodes), ("rel", self.rels)]
        for kind, table in tables:
            for (name, prop), by_value in sorted(table.items()):
                ranked = sorted(by_value.items(), key=lambda kv: -len(kv[1]))
                for value, keys in ranked[1:]:
                    steps.append((kind, name, prop, json.loads(value), keys))
                steps.append((kind, name, prop, json.loads(ranked[0][0]), None))
        return steps


class _CsvFile:
    """One node or relationship file: header from the first row's types (or the given ones)."""

    def __init__(self, path: Path, columns: list[tuple[str, str]]) -> None:
        self.path, self.columns, self.rows = path, columns, 0
        self._fh = path.open("w", encoding="utf-8", newline="")
        self._fh.write(",".join(f"{name}:{kind}" if kind else name for name, kind in columns) + "\n")
        self.multiline = False

    def write(self, values: list[Any]) -> None:
        line = ",".join(_cell(v) for v in values)
        self.multiline = self.multiline or "\n" in line or "\r" in line
        self._fh.write(line + "\n")
        self.rows += 1

    def close(self) -> None:
        self._fh.close()


@dataclass
class ImportFiles:
    """What neo4j-admin is given: node files with their labels, relationship files with their type."""

    nodes: list[tuple[str, Path]]  # ("Entity:District", path) ; labels ':'-joined
    relationships: list[tuple[str, Path]]
    fixups: Fixups
    multiline: bool
    counts: dict[str, int]  # rows per file stem
    documents: int

    @property
    def elements(self) -> int:
        return sum(self.counts.values())


# (file stem, id space of the node, properties of the row model written, in the writer's order)
_DOC_NODES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("sections", "Section", "Section", ("id", "doc_id", "index", "title", "path", "level", "period")),
    ("sentences", "Sentence", "Sentence", ("id", "doc_id", "index", "text", "start", "end")),
    ("metrics", "Metric", "Metric", ("id", "doc_id", "indicator", "kind", "measure", "value", "value_text",
                                     "unit", "period", "qualifier", "evidence")),
)


class CsvGraphWriter:
    """Streams reports' graph rows into import files in ``folder``; ``finish()`` writes the merged
    entities and relations and returns what to import. Reports are taken in load order."""

    def __init__(self, folder: Path, loaded_at: datetime | None = None) -> None:
        self.folder = folder = folder.resolve()  # neo4j-admin runs in another directory
        folder.mkdir(parents=True, exist_ok=True)
        self.loaded_at = loaded_at or datetime.now(UTC)
        self.fixups = Fixups()
        self.files: dict[str, _CsvFile] = {}
        self.labels: dict[str, str] = {}
        self.entities: dict[str, dict] = {}
        self.relations: dict[tuple[str, str, str], dict] = {}
        self.co_mentions: dict[tuple[str, str], dict] = {}
        self.doc_ids: set[str] = set()
        from kg.build import DocumentRow, MetricRow, SectionRow, SentenceRow

        self._models: dict[str, type[BaseModel]] = {"Document": DocumentRow, "Section": SectionRow,
                                                    "Sentence": SentenceRow, "Metric": MetricRow}

    # --- files -----------------------------------------------------------------------------------

    def _file(self, stem: str, columns: list[tuple[str, str]], labels: str = "") -> _CsvFile:
        f = self.files.get(stem)
        if f is None:
            f = self.files[stem] = _CsvFile(self.folder / f"{stem}.csv", columns)
            self.labels[stem] = labels
        return f

    def _node_columns(self, space: str, props: tuple[str, ...], extra: tuple[tuple[str, str], ...] = ()
                      ) -> list[tuple[str, str]]:
        model = self._models[space]
        cols = [("id", f"ID({space})")]
        cols += [(p, _annotation_type(model.model_fields[p].annotation)) for p in props if p != "id"]
        return cols + list(extra)

    def _rel(self, rtype: str, head_space: str, head: str, tail_space: str, tail: str,
             props: dict[str, Any] | None = None) -> None:
        props = props or {}
        stem = f"rel_{rtype}_{head_space}_{tail_space}"
        cols = [("", f"START_ID({head_space})"), ("", f"END_ID({tail_space})")]
        cols += [(k, _column_type(v[0] if isinstance(v, list) and v else v) + ("[]" if isinstance(v, list) else ""))
                 for k, v in props.items()]
        f = self._file(stem, cols, rtype)
        values: list[Any] = [head, tail]
        for k, v in props.items():
            if _unrepresentable(v):
                self.fixups.rels[(f"{rtype}:{head_space}:{tail_space}", k)][json.dumps(v)].append((head, tail))
                v = None
            values.append(v)
        f.write(values)

    # --- reports ---------------------------------------------------------------------------------

    def add(self, rows: GraphRows) -> None:
        """One report's rows: its own nodes and edges now, its entities and relations merged."""
        self._check(rows)
        self._document(rows)
        for stem, space, label, props in _DOC_NODES:
            f = self._file(stem, self._node_columns(space, props), label)
            for row in _unique(getattr(rows, stem)):
                self._node_row(f, label, row, props)
        self._provenance_edges(rows)
        self._merge(rows)

    def _check(self, rows: GraphRows) -> None:
        for name in type(rows).model_fields:
            value = getattr(rows, name)
            if isinstance(value, list) and value and name not in KNOWN_ROW_KINDS | {"skipped"}:
                raise InputError(Err.E270.format(kind=name))
        if rows.doc_id in self.doc_ids:
            raise InputError(Err.E272.format(doc_id=rows.doc_id))
        self.doc_ids.add(rows.doc_id)

    def _node_row(self, f: _CsvFile, label: str, row: BaseModel, props: tuple[str, ...],
                  extra: tuple[Any, ...] = ()) -> None:
        values: list[Any] = []
        for p in props:
            v = getattr(row, p)
            if _unrepresentable(v):
                self.fixups.nodes[(label, p)][json.dumps(v)].append(row.id)  # type: ignore[attr-defined]
                v = None
            values.append(v)
        f.write(values + list(extra))

    def _document(self, rows: GraphRows) -> None:
        props = ("id", "source", "title", "year", "sha256", "fingerprint", "fmt", "district_id")
        f = self._file("documents", self._node_columns("Document", props, (("loaded_at", "datetime"),)), "Document")
        self._node_row(f, "Document", rows.document, props, (self.loaded_at,))

    def _provenance_edges(self, rows: GraphRows) -> None:
        """The edges the writer's CREATE statements make, only where it finds both ends."""
        sections = {s.id for s in rows.sections}
        sentences = {s.id for s in rows.sentences}
        entities = {e.id for e in rows.entities}
        for s in _unique(rows.sections):
            self._rel("HAS_SECTION", "Document", s.doc_id, "Section", s.id)
        for s in _unique(rows.sentences):
            self._rel("HAS_SENTENCE", "Document", s.doc_id, "Sentence", s.id)
            if s.section_id is not None and s.section_id in sections:
                self._rel("HAS_SENTENCE", "Section", s.section_id, "Sentence", s.id)
        for m in rows.mentions:
            if m.entity_id in entities and m.sentence_id in sentences:
                self._rel("MENTIONED_IN", "Entity", m.entity_id, "Sentence", m.sentence_id,
                          {"start": m.start, "end": m.end, "text": m.text})
        for metric in _unique(rows.metrics):
            self._rel("MEASURES", "Metric", metric.id, "Entity", metric.indicator_id)
            if metric.sentence_id in sentences:
                self._rel("STATED_IN", "Metric", metric.id, "Sentence", metric.sentence_id)
            if metric.about_id in entities:
                self._rel("ABOUT", "Metric", metric.id, "Entity", metric.about_id)

    def _merge(self, rows: GraphRows) -> None:
        """Add this report's entries to the corpus-wide entities and relations (the writer's rows)."""
        for e in entity_rows([rows]):
            m = self.entities.setdefault(e["id"], {**e, **{k: [] for k in e if isinstance(e[k], list)}})
            for k, v in e.items():
                if isinstance(v, list):
                    m[k] += v
        for r in relation_rows([rows]):
            m = self.relations.setdefault((r["type"], r["head_id"], r["tail_id"]),
                                          {**r, **{k: [] for k in r if isinstance(r[k], list)}})
            _extend(m, r)
        for c in co_mention_rows([rows]):
            m = self.co_mentions.setdefault((c["head_id"], c["tail_id"]),
                                            {**c, **{k: [] for k in c if isinstance(c[k], list)}})
            _extend(m, c)

    # --- the corpus-wide part ----------------------------------------------------------------------

    def finish(self) -> ImportFiles:
        self._write_entities()
        self._write_relations()
        self._write_co_mentions()
        self._write_graph_version()
        for f in self.files.values():
            f.close()
        nodes = [(self.labels[s], f.path) for s, f in self.files.items() if not s.startswith("rel_")]
        rels = [(self.labels[s], f.path) for s, f in self.files.items() if s.startswith("rel_")]
        return ImportFiles(nodes=nodes, relationships=rels, fixups=self.fixups,
                           multiline=any(f.multiline for f in self.files.values()),
                           counts={s: f.rows for s, f in self.files.items()}, documents=len(self.doc_ids))

    def _write_entities(self) -> None:
        ontology = get_ontology()
        cols = [("id", "ID(Entity)"), ("type", "string"), ("name", "string"), ("code", "string"),
                ("parent", "string"), ("aliases_text", "string")] + [(p, "string[]") for p in _ENTITY_LIST_PROPS]
        by_type: dict[str, list[dict]] = defaultdict(list)
        for e in self.entities.values():
            by_type[ontology.check_entity_label(e["type"])].append(entity_aggregates(e))
        for etype, group in sorted(by_type.items()):
            f = self._file(f"entities_{etype}", cols, f"Entity:{etype}")
            for e in group:
                values = []
                for name, _ in cols:
                    v = e.get(name)
                    if _unrepresentable(v):
                        self.fixups.nodes[("Entity", name)][json.dumps(v)].append(e["id"])
                        v = None
                    values.append(v)
                f.write(values)

    def _write_relations(self) -> None:
        for (rtype, head, tail), r in self.relations.items():
            get_ontology().check_graph_relation_type(rtype)
            agg = relation_aggregates(r)
            self._rel(rtype, "Entity", head, "Entity", tail, {k: agg[k] for k in (
                "confidence", "source", "evidence", *_RELATION_LIST_PROPS)})

    def _write_co_mentions(self) -> None:
        """CO_MENTIONED as cypher.MERGE_CO_MENTIONS leaves it: entries per report, count their sum."""
        for (head, tail), c in self.co_mentions.items():
            self._rel("CO_MENTIONED", "Entity", head, "Entity", tail, {
                "doc_ids": c["doc_ids"], "doc_counts": c["doc_counts"], "sentence_ids": c["sentence_ids"],
                "count": sum(c["doc_counts"])})

    def _write_graph_version(self) -> None:
        """The token the API cache keys on (cypher.BUMP_GRAPH_VERSION): a fresh one, as after any write."""
        f = self._file("graph_version", [("id", "ID(GraphVersion)"), ("version", "string"),
                                         ("changed_at", "datetime")], "GraphVersion")
        f.write([GRAPH_VERSION_ID, str(uuid.uuid4()), self.loaded_at])


def _extend(merged: dict, entry: dict) -> None:
    """Add one report's entries (a writer row of one document) to the corpus-wide row: lists
    parallel to doc_ids are appended, sentence ids are a union in first-seen order."""
    for k, v in entry.items():
        if k == "sentence_ids":
            merged[k] = list(dict.fromkeys(merged[k] + v))
        elif isinstance(v, list):
            merged[k] += v


def _unique(rows: Iterable[Any]) -> list[Any]:
    """One row per id, the last winning (as the writer's _unique)."""
    return list({r.id: r for r in rows}.values())


def entity_aggregates(e: dict) -> dict:
    """An entity's properties from its entries, as cypher.entity_aggregates computes them for
    documents loaded in order onto a new node: the first document's name, the first code and
    parent given, every other name and alias in load order."""
    name = e["doc_names"][0]
    aliases = list(dict.fromkeys(a for a in e["alias_forms"] if a != name))
    return {"id": e["id"], "type": e["type"], "name": name,
            "code": next((c for c in e["doc_codes"] if c), None),
            "parent": next((p for p in e["doc_parents"] if p), None),
            "aliases": aliases, "aliases_text": ALIAS_SEPARATOR.join(aliases),
            **{k: e[k] for k in ("doc_ids", "doc_names", "doc_codes", "doc_parents", "alias_docs")},
            "alias_forms": e["alias_forms"]}


def relation_aggregates(r: dict) -> dict:
    """A relation's properties from its entries, as cypher.RELATION_AGGREGATES computes them."""
    return {"doc_ids": r["doc_ids"], "doc_confidences": r["doc_confidences"], "doc_sources": r["doc_sources"],
            "doc_evidence": r["doc_evidence"], "sentence_ids": r["sentence_ids"],
            "confidence": max([0.0, *r["doc_confidences"]]),
            "source": "text" if "text" in r["doc_sources"] else r["doc_sources"][0],
            "evidence": next((x for x in r["doc_evidence"] if x), "")}


def write_import_files(docs: Iterable[GraphRows], folder: Path, loaded_at: datetime | None = None) -> ImportFiles:
    """Every report's rows into CSV files in ``folder``, entities and relations merged."""
    writer = CsvGraphWriter(folder, loaded_at)
    for rows in docs:
        writer.add(rows)
    return writer.finish()
