"""The graph schema as data: schemas/ontology.yaml (shipped as package data), loaded once per call site.

Pure (no neo4j): kg.build and kg.store both check labels and relationship types
against these whitelists, so nothing outside the ontology is ever formatted into
Cypher.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from kg.errors import Err, SchemaError
from kg.resources import CONSTRAINTS, ONTOLOGY, data_path

# Package data (kg.resources): the same files as the repository's schemas/.
ONTOLOGY_PATH = data_path(ONTOLOGY)
CONSTRAINTS_PATH = data_path(CONSTRAINTS)
# Layers of entity relations an analyst can walk: what the text states (typed), who is named with
# whom (co: CO_MENTIONED), or both.
LAYERS = ("typed", "co", "all")


class Ontology(BaseModel):
    entity_labels: tuple[str, ...]
    relation_types: dict[str, dict[str, list[str]]]
    # relations kg.build derives (REPORTED_BY, CO_MENTIONED), each with its layer (typed | co)
    derived_relations: dict[str, dict[str, Any]] = {}
    metric_label: str
    provenance_labels: tuple[str, ...]
    provenance_relations: tuple[str, ...]
    fulltext_index: str

    @property
    def node_labels(self) -> tuple[str, ...]:
        return ("Entity", *self.entity_labels, self.metric_label, *self.provenance_labels)

    def check_entity_label(self, label: str) -> str:
        if label not in self.entity_labels:
            raise SchemaError(Err.E301.format(label=label, allowed=", ".join(self.entity_labels)))
        return label

    def check_label(self, label: str) -> str:
        if label not in self.node_labels:
            raise SchemaError(Err.E301.format(label=label, allowed=", ".join(self.node_labels)))
        return label

    def check_relation_type(self, rtype: str) -> str:
        if rtype not in self.relation_types:
            raise SchemaError(Err.E302.format(rtype=rtype, allowed=", ".join(self.relation_types)))
        return rtype

    def check_graph_relation_type(self, rtype: str) -> str:
        """A relation between entities in the graph: stated (relation_types) or derived."""
        allowed = self.graph_relation_types
        if rtype not in allowed:
            raise SchemaError(Err.E302.format(rtype=rtype, allowed=", ".join(allowed)))
        return rtype

    @property
    def graph_relation_types(self) -> tuple[str, ...]:
        return (*self.relation_types, *self.derived_relations)

    def layer_types(self, layer: str) -> tuple[str, ...]:
        """The entity relations of a layer: typed (stated, and REPORTED_BY), co (CO_MENTIONED), all."""
        if layer not in LAYERS:
            raise SchemaError(Err.E302.format(rtype=f"layer {layer}", allowed=", ".join(LAYERS)))
        typed = (*self.relation_types, *(t for t, v in self.derived_relations.items() if v.get("layer") == "typed"))
        co = tuple(t for t, v in self.derived_relations.items() if v.get("layer") == "co")
        return {"typed": typed, "co": co, "all": (*typed, *co)}[layer]

    def check_any_relation_type(self, rtype: str) -> str:
        """Entity relations plus the provenance ones (HAS_SENTENCE, MENTIONED_IN ...)."""
        allowed = (*self.graph_relation_types, *self.provenance_relations)
        if rtype not in allowed:
            raise SchemaError(Err.E302.format(rtype=rtype, allowed=", ".join(allowed)))
        return rtype


def load_ontology(path: Path = ONTOLOGY_PATH) -> Ontology:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Ontology(
        entity_labels=tuple(data["entity_labels"]),
        relation_types={k: dict(v) for k, v in data["relation_types"].items()},
        derived_relations={k: dict(v) for k, v in (data.get("derived_relations") or {}).items()},
        metric_label=data["metric_label"],
        provenance_labels=tuple(data["provenance_labels"]),
        provenance_relations=tuple(data["provenance_relations"]),
        fulltext_index=data["fulltext"]["name"],
    )


@lru_cache(maxsize=1)
def get_ontology() -> Ontology:
    """The repository's ontology; cached because the file does not change at run time."""
    return load_ontology()
