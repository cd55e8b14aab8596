"""Is a user's query read-only? Judged from the plan Neo4j made for it, not from its text.

The old guard matched the text with regular expressions, and text can be spelt in more ways than
a pattern foresees (comments ended by a carriage return, backticks, comments in place of spaces).
A plan has one spelling: Neo4j has already parsed the query, so what it would do is listed as
operators (``LoadCSV``, ``ProcedureCall``, ``ShowSettings``...). A query passes only if

- its query type (from the EXPLAIN summary) is ``r``: read-only, no writes, no schema or admin
  change (administration commands plan as ``s`` with one ``AdministrationCommand`` operator);
- every operator of its plan is on READ_OPERATORS (an allowlist: an operator Neo4j adds later is
  refused until someone reads what it does and adds it);
- every ``ProcedureCall`` calls a procedure on READ_PROCEDURES.

A query Neo4j cannot plan is refused by Neo4j itself. Pure: takes the summary's fields, imports no
neo4j, costs one walk over the plan.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kg.errors import Err, QueryForbidden

_SEEKS = ("ByIdSeek", "ByElementIdSeek", "IndexSeek", "UniqueIndexSeek", "IndexSeekByRange",
          "UniqueIndexSeekByRange", "IndexScan", "IndexContainsScan", "IndexEndsWithScan")
# Relationship scans and seeks come directed and undirected.
_RELATIONSHIP_LEAVES = frozenset(
    f"{way}{name}" for way in ("Directed", "Undirected")
    for name in ("AllRelationshipsScan", "RelationshipTypeScan", "UnionRelationshipTypesScan",
                 *(f"Relationship{seek}" for seek in _SEEKS)))

# Operators that read the graph or shape rows (Neo4j 5 operator reference), by base name: the
# part before "(...)" (``Expand(All)``, ``VarLengthExpand(Pruning,BFS,All)``) and "@database".
READ_OPERATORS = frozenset({
    # results and row shaping
    "ProduceResults", "Projection", "Filter", "Limit", "ExhaustiveLimit", "Skip", "Sort", "PartialSort",
    "Top", "PartialTop", "Distinct", "OrderedDistinct", "Aggregation", "EagerAggregation",
    "OrderedAggregation", "Unwind", "Eager", "EmptyResult", "EmptyRow", "Argument", "ArgumentTracker",
    "CacheProperties", "NullifyMetadata", "Optional", "ProjectEndpoints", "AssertSameNode",
    "AssertSameRelationship", "NodeCountFromCountStore", "RelationshipCountFromCountStore",
    # joins, subqueries, unions
    "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply", "SelectOrSemiApply",
    "SelectOrAntiSemiApply", "LetSelectOrSemiApply", "LetSelectOrAntiSemiApply", "ConditionalApply",
    "AntiConditionalApply", "RollUpApply", "CartesianProduct", "NodeHashJoin", "NodeLeftOuterHashJoin",
    "NodeRightOuterHashJoin", "ValueHashJoin", "Union", "OrderedUnion", "TriadicSelection",
    "TriadicBuild", "TriadicFilter",
    # traversal
    "Expand", "OptionalExpand", "VarLengthExpand", "BFSPruningVarExpand", "ShortestPath",
    "StatefulShortestPath", "Repeat", "Trail",
    # node leaves
    "AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
    "SubtractionNodeByLabelsScan", "MultiNodeIndexSeek", "AssertingMultiNodeIndexSeek",
    *(f"Node{seek}" for seek in _SEEKS),
    *_RELATIONSHIP_LEAVES,
    # the schema and the catalogue of functions and procedures (SHOW INDEXES ...); not SHOW
    # TRANSACTIONS (other sessions' queries and parameters) nor SHOW SETTINGS (the configuration)
    "ShowIndexes", "ShowConstraints", "ShowFunctions", "ShowProcedures",
    # checked by name against READ_PROCEDURES
    "ProcedureCall",
})

# Read-only procedures a power user needs: the schema and full-text search. Names as Neo4j
# prints them in the plan (resolved: backticks and case already undone).
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "db.index.fulltext.queryNodes",
    "db.index.fulltext.queryRelationships",
})


def check_plan(query_type: str | None, plan: Mapping[str, Any] | None) -> None:
    """Nothing if the planned query only reads; else QueryForbidden naming what it would do."""
    if plan is None:
        raise QueryForbidden(Err.E402.format(detail="Neo4j returned no plan for it. This endpoint runs "
                                                    "read-only queries only."))
    for operator, details in _operators(plan):
        if operator not in READ_OPERATORS:
            _refuse(f"it would run the operator {operator!r}, which is not on the read-only list "
                    "(LOAD CSV, administration commands, SHOW TRANSACTIONS/SETTINGS and TERMINATE are refused)")
        if operator == "ProcedureCall":
            name = procedure_name(details)
            if name not in READ_PROCEDURES:
                _refuse(f"procedure {name!r} is not on the read-only list ({', '.join(sorted(READ_PROCEDURES))})")
    if query_type != "r":
        _refuse(f"its query type is {query_type!r}, not 'r' (read-only)")


def _operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(base operator name, details) of every operator, depth first; a stack, not recursion, so a
    deep plan cannot exhaust Python's recursion limit."""
    stack = [plan]
    while stack:
        node = stack.pop()
        yield base_operator(str(node.get("operatorType", ""))), str((node.get("args") or {}).get("Details", ""))
        stack.extend(node.get("children") or [])


def base_operator(operator_type: str) -> str:
    """'VarLengthExpand(Pruning,BFS,All)@neo4j' -> 'VarLengthExpand'."""
    return operator_type.split("@", 1)[0].split("(", 1)[0].strip()


def procedure_name(details: str) -> str:
    """'db.labels() :: (label :: STRING)' -> 'db.labels' (the plan's own spelling)."""
    return details.split("(", 1)[0].strip()


def _refuse(what: str) -> None:
    raise QueryForbidden(Err.E402.format(detail=f"{what}. This endpoint runs read-only queries only."))
