"""Declarative pipeline runs (pipelines/*.yaml): which inputs, where the JSON goes, whether to load."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from kg.errors import Err, InputError


class PipelineSpec(BaseModel):
    name: str
    inputs: list[Path] = Field(min_length=1)
    workers: int = Field(default=1, ge=1, le=64)
    extract_out: Path | None = None
    load: bool = True


def load_spec(path: Path, root: Path) -> PipelineSpec:
    """Read and validate a spec; relative paths resolve against ``root``."""
    if not path.exists():
        raise InputError(Err.E001.format(path=path))
    try:
        spec = PipelineSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (yaml.YAMLError, ValidationError) as e:
        raise InputError(Err.E009.format(path=path, detail=str(e).splitlines()[0])) from e
    spec.inputs = [p if p.is_absolute() else root / p for p in spec.inputs]
    if spec.extract_out is not None and not spec.extract_out.is_absolute():
        spec.extract_out = root / spec.extract_out
    return spec
