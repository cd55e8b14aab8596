"""The files the library reads at run time, as package data (importlib.resources).

``kg/data/`` holds them as links to the files people edit in the repository (schemas/,
pipelines/, java/, data/sample/), so a checkout reads the same bytes it ships, and a wheel
(setuptools copies a link's target) carries them: `pip install .` works outside the repository.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from kg.errors import Err, KGError

ONTOLOGY = "schemas/ontology.yaml"
CONSTRAINTS = "schemas/constraints.cypher"
INDICATOR_SYNONYMS = "schemas/indicator_synonyms.yaml"
EXTRACT_PIPELINE = "pipelines/extract.yaml"
NER_CONFIG = "pipelines/ner.cfg"
NEO4J_POM = "java/neo4j/pom.xml"
HANLP_POM = "java/hanlp/pom.xml"
SAMPLE_REPORT = "sample/chuanhui-2021-government-work-report.txt"


def data_path(name: str) -> Path:
    """The file ``kg/data/<name>`` of the installed package, as a path on disk."""
    path = Path(str(files("kg").joinpath("data", *name.split("/"))))
    if not path.is_file():
        raise KGError(Err.E017.format(name=name, path=path))
    return path
