"""Extraction components by name: a pipeline is a list of names in a spec.

Every recogniser (districts, organisations, projects ...), the metric reader, each relation
family, the resolver and the jurisdiction reader registers itself here under a versioned name
(``policykg.entities.districts.v1``), in the manner of spaCy's registered factories. A pipeline
spec (pipelines/extract.yaml) lists the names to run, so a component can be switched off for an
ablation or replaced by a model (``policykg.entities.ner_model.v1``) without touching code.
A changed behaviour gets a new version (``.v2``) beside the old one, so old specs still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import yaml
from pydantic import BaseModel, Field, ValidationError

from kg.errors import Err, ExtractionError

if TYPE_CHECKING:
    from kg.extract.entities import Candidate, DocView

Kind = Literal["jurisdiction", "entities", "resolver", "completers", "metrics", "subjects", "relations"]
KINDS: tuple[Kind, ...] = ("entities", "completers", "metrics", "relations")  # lists in a spec
SINGLE_KINDS: tuple[Kind, ...] = ("jurisdiction", "resolver", "subjects")  # one name each in a spec


class EntityRecogniser(Protocol):
    """Candidate spans of one or more types; the resolver decides among overlapping ones."""

    def __call__(self, view: DocView) -> Iterable[Candidate]: ...


@dataclass(frozen=True)
class Component:
    name: str
    kind: Kind
    fn: Callable[..., Any]
    # relation families: the relation types they produce (the driver drops any other)
    produces: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip().splitlines()[0] if self.fn.__doc__ else ""


_REGISTRY: dict[str, Component] = {}


def component(name: str, kind: Kind, produces: tuple[str, ...] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn`` under ``name``; registering one name twice with another function is a bug."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        old = _REGISTRY.get(name)
        if old is not None and old.fn is not fn:
            raise ValueError(f"extraction component {name!r} registered twice")
        _REGISTRY[name] = Component(name, kind, fn, produces)
        return fn

    return register


def _load_builtin() -> None:
    # importing the modules registers their components
    import kg.extract.entities  # noqa: F401
    import kg.extract.jurisdiction  # noqa: F401
    import kg.extract.lists  # noqa: F401
    import kg.extract.metrics  # noqa: F401
    import kg.extract.relations  # noqa: F401
    import kg.extract.resolve  # noqa: F401
    import kg.extract.subjects  # noqa: F401


def names(kind: Kind | None = None) -> list[str]:
    _load_builtin()
    return sorted(n for n, c in _REGISTRY.items() if kind is None or c.kind == kind)


def get(name: str, kind: Kind, where: str = "the pipeline") -> Component:
    _load_builtin()
    found = _REGISTRY.get(name)
    if found is None or found.kind != kind:
        raise ExtractionError(Err.E105.format(name=name, where=where, kind=kind,
                                              known=", ".join(names(kind))))
    return found


class ExtractSpec(BaseModel):
    """Which components one extraction runs, in order (pipelines/extract.yaml)."""

    name: str = "policykg.extract"
    jurisdiction: str = "policykg.jurisdiction.front_matter.v1"
    resolver: str = "policykg.resolve.v1"
    subjects: str = "policykg.metrics.subjects.v1"  # what each figure measures (kg.extract.subjects)
    entities: list[str] = Field(default_factory=list)
    # after the resolver, on whole entities: (doc, entities) -> entities (kg.extract.lists)
    completers: list[str] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list)
    relations: list[str] = Field(default_factory=list)

    def components(self, kind: Kind, where: str = "the pipeline") -> list[Component]:
        value = getattr(self, kind)
        return [get(n, kind, where) for n in ([value] if isinstance(value, str) else value)]

    def one(self, kind: Kind, where: str = "the pipeline") -> Component:
        return get(getattr(self, kind), kind, where)

    def without(self, drop: Iterable[str]) -> ExtractSpec:
        """The same spec less some components (an ablation); unknown names are an error."""
        drop = set(drop)
        for n in drop:
            if n not in names():
                raise ExtractionError(Err.E105.format(name=n, where="--without", kind="any",
                                                      known=", ".join(names())))
        return self.model_copy(update={k: [n for n in getattr(self, k) if n not in drop] for k in KINDS})


def load_extract_spec(path: Path) -> ExtractSpec:
    """Read and validate a spec, checking every name against the registry."""
    try:
        spec = ExtractSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except FileNotFoundError as e:
        raise ExtractionError(Err.E106.format(path=path, detail="no such file")) from e
    except (yaml.YAMLError, ValidationError) as e:
        raise ExtractionError(Err.E106.format(path=path, detail=str(e).splitlines()[0])) from e
    for kind in (*SINGLE_KINDS, *KINDS):
        spec.components(kind, where=str(path))
    return spec
