"""kg.store.bulk: graph rows -> neo4j-admin import files (no database here; tests/neo4j/test_bulk_import.py
checks the imported graph against the writer's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import GraphRows, build_rows
from kg.errors import InputError
from kg.server.layout import Instance, admin_command, import_args
from kg.store.bulk import KNOWN_ROW_KINDS, CsvGraphWriter, Fixups, entity_aggregates, write_import_files
from kg.store.bulk_load import check_local
from tests.conftest import report_a, report_b


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_bulk_every_row_kind_of_graph_rows_is_mapped() -> None:
    """A new list of rows in GraphRows (a new kind of node or edge) must be mapped in kg.store.bulk,
    or kg import would silently load less than kg build."""
    lists = {name for name, f in GraphRows.model_fields.items() if "list" in str(f.annotation)}
    assert lists - {"skipped"} == set(KNOWN_ROW_KINDS)


class _RowsWithMore(GraphRows):
    co_funded: list[dict] = []  # a kind kg.build may grow before kg.store.bulk maps it


def test_bulk_unknown_row_kind_is_refused(tmp_path: Path) -> None:
    rows = _RowsWithMore(**build_rows(report_a()).model_dump(), co_funded=[{"a": "x", "b": "y"}])
    with pytest.raises(InputError, match=r"E270.*co_funded"):
        CsvGraphWriter(tmp_path).add(rows)


def test_bulk_same_document_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E272.*qinghe-2021"):
        write_import_files([build_rows(report_a()), build_rows(report_a())], tmp_path)


def test_bulk_files_have_typed_headers_and_quoted_strings(tmp_path: Path) -> None:
    files = write_import_files([build_rows(report_a()), build_rows(report_b())], tmp_path)
    assert _lines(tmp_path / "documents.csv")[0] == ("id:ID(Document),source:string,title:string,year:long,"
                                                     "sha256:string,fingerprint:string,fmt:string,district_id:string,"
                                                     "loaded_at:datetime")
    assert _lines(tmp_path / "sections.csv")[0].split(",")[4] == "path:string[]"
    metrics = _lines(tmp_path / "metrics.csv")
    assert metrics[0].split(",")[5] == "value:double" and ',310.0,"310","亿元",' in metrics[1]
    labels = dict(files.nodes)
    assert "Entity:District" in labels and labels["Document"] == tmp_path / "documents.csv"
    assert {t for t, _ in files.relationships} >= {"HAS_SECTION", "HAS_SENTENCE", "MENTIONED_IN", "MEASURES",
                                                   "STATED_IN", "ABOUT", "PART_OF", "PARTICIPATES_IN",
                                                   "CO_MENTIONED"}
    assert files.documents == 2 and not files.multiline


def test_bulk_entities_merged_over_reports_in_load_order(tmp_path: Path) -> None:
    write_import_files([build_rows(report_a()), build_rows(report_b())], tmp_path)
    districts = _lines(tmp_path / "entities_District.csv")
    qinghe = next(line for line in districts if line.startswith('"District:青禾区"'))
    # both reports' entries, A's first; the code A gave; A's alias
    assert '"qinghe-2021\x1fqinghe-2022"' in qinghe and '"419901"' in qinghe and '"青禾"' in qinghe


def test_bulk_entity_aggregates_follow_the_writer() -> None:
    """The writer's Cypher on a new node: the first report's name, the first code and parent given,
    every other name and alias once, in load order."""
    e = {"id": "Company:远山集团", "type": "Company", "doc_ids": ["a", "b"], "doc_names": ["远山集团", "远山集团有限公司"],
         "doc_codes": ["", "X1"], "doc_parents": ["", ""], "alias_docs": ["a", "a", "b"],
         "alias_forms": ["远山", "远山集团", "远山集团有限公司"]}
    agg = entity_aggregates(e)
    assert agg["name"] == "远山集团" and agg["code"] == "X1" and agg["parent"] is None
    assert agg["aliases"] == ["远山", "远山集团有限公司"] and agg["aliases_text"] == "远山 | 远山集团有限公司"


def test_bulk_values_csv_cannot_hold_become_fixups(tmp_path: Path) -> None:
    """[] and [''] read back as "no property" from CSV, so they are set after the import."""
    files = write_import_files([build_rows(report_a())], tmp_path)
    plan = files.fixups.plan()
    assert ("node", "Entity", "aliases", [], None) in plan  # most entities have no alias
    assert ("node", "Entity", "doc_codes", [""], None) in plan  # one report, no code
    assert ("rel", "PART_OF:Entity:Entity", "sentence_ids", [], None) in plan  # gazetteer parents


def test_bulk_fixups_set_rarer_values_by_key_first() -> None:
    fx = Fixups()
    fx.nodes[("Section", "path")]["[]"] += ["s1", "s2"]
    fx.nodes[("Section", "path")]['[""]'] += ["s3"]
    assert fx.plan() == [("node", "Section", "path", [""], ["s3"]), ("node", "Section", "path", [], None)]


def test_bulk_quotes_commas_and_newlines(tmp_path: Path) -> None:
    result = report_a()
    result.document.title = '青禾区"2021",报告\n附件'
    files = write_import_files([build_rows(result)], tmp_path)
    assert '"青禾区""2021"",报告\n附件"' in (tmp_path / "documents.csv").read_text(encoding="utf-8")
    assert files.multiline  # neo4j-admin is told to read fields over several lines


def test_bulk_import_command_line(tmp_path: Path) -> None:
    inst = Instance(home=tmp_path / "home", root=tmp_path / "inst")
    args = import_args("neo4j", [("Entity:District", tmp_path / "d.csv")], [("PART_OF", tmp_path / "p.csv")],
                       array_delimiter="U+001F", multiline=False, report=tmp_path / "r", max_off_heap="1g")
    cmd = admin_command("java", inst, args, heap="1g")
    assert cmd[cmd.index("org.neo4j.cli.AdminTool") + 1:][:4] == ["database", "import", "full", "neo4j"]
    assert f"--nodes=Entity:District={tmp_path / 'd.csv'}" in cmd and "--overwrite-destination=true" in cmd
    assert f"NEO4J_CONF={inst.conf_dir}" in cmd and "-Xmx1g" in cmd


def test_bulk_import_refuses_a_server_it_cannot_stop() -> None:
    from kg.config import Settings
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="E273"):
        check_local(Settings(neo4j_uri="bolt://db.example:7687", neo4j_bolt_port=7687))
    with pytest.raises(StoreError, match="E273"):
        check_local(Settings(neo4j_uri="bolt://127.0.0.1:7690", neo4j_bolt_port=7687))
    check_local(Settings(neo4j_uri="bolt://127.0.0.1:7687", neo4j_bolt_port=7687))


def test_bulk_co_mentions_merged_with_counts(tmp_path: Path) -> None:
    """CO_MENTIONED as the writer's MERGE_CO_MENTIONS leaves it: per report the number of shared
    sentences, count their sum, the sentences a union."""
    a, b = build_rows(report_a()), build_rows(report_b())
    shared = {(c.head_id, c.tail_id) for c in a.co_mentions} & {(c.head_id, c.tail_id) for c in b.co_mentions}
    writer = CsvGraphWriter(tmp_path)
    writer.add(a)
    writer.add(b)
    writer.finish()
    assert writer.co_mentions and shared
    pair = writer.co_mentions[sorted(shared)[0]]
    assert pair["doc_ids"] == ["qinghe-2021", "qinghe-2022"] and len(pair["doc_counts"]) == 2
    assert len(pair["sentence_ids"]) == sum(pair["doc_counts"])
