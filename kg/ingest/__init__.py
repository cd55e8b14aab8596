"""Ingest: report files (txt in any Chinese encoding, PDF, DOCX) → ``kg.models.Document``.

``load_document`` reads and checks a file; ``document_from_text`` cleans
text, builds the section tree and splits sentences, with offsets into the
cleaned text and an offset map back to the original.
"""

from kg.ingest.document import document_from_text, load_document, to_original
from kg.ingest.structure import period_of_heading

__all__ = ["document_from_text", "load_document", "period_of_heading", "to_original"]
