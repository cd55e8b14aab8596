"""Rule data (suffix tables, stop lists, lexicons) as YAML files shipped inside the package.

Read through importlib.resources, so an installed (non-editable) package finds them too, and
parsed once per process.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kg.errors import Err, ExtractionError


@cache
def load(name: str) -> dict[str, Any]:
    """The mapping in ``kg/extract/rules/data/<name>``."""
    try:
        text = files(__package__).joinpath(name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as e:
        raise ExtractionError(Err.E103.format(what=f"rule data {name}: {e}")) from e
    if not isinstance(data, dict):
        raise ExtractionError(Err.E103.format(what=f"rule data {name}: not a mapping"))
    return data
