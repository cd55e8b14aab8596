"""A hand-split Document for relation tests (the ingest stage is not under test there)."""

from __future__ import annotations

import re

from kg.models import Document, Sentence


def make_doc(text: str) -> Document:
    sents, start = [], 0
    for m in re.finditer(r"[。！？]+|\n", text):
        if text[start:m.end()].strip():
            sents.append(Sentence(index=len(sents), start=start, end=m.end(), text=text[start:m.end()]))
        start = m.end()
    if text[start:].strip():
        sents.append(Sentence(index=len(sents), start=start, end=len(text), text=text[start:]))
    return Document(doc_id="t", source="t", text=text, raw_sha256="", sentences=sents)
