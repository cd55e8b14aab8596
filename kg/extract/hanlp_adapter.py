"""HanLP 1.x (portable jar) through JPype: the only module that touches the JVM.

HanLP gives word boundaries and natures (词性): ``nr`` person, ``ns`` place,
``nt`` organisation, ``ntc`` company, ``nz`` other proper noun, ``nis``
institution suffix, ``nnt`` job title.  Its recognisers are noisy, so the
rules in ``kg.extract.entities`` use the natures as evidence, not verdicts.

A JVM can be started only once per process and never restarted, so startup
is guarded by a module-level lock and flag.
"""

from __future__ import annotations

import logging
import re
import threading
from itertools import accumulate, repeat
from pathlib import Path
from typing import NamedTuple

from kg.config import Settings
from kg.errors import Err, ExtractionError

log = logging.getLogger(__name__)

_JVM_LOCK = threading.Lock()
_JVM_STARTED = False
_JAR_GLOB = "hanlp-portable-*.jar"
# One term of HanLP's List<Term>.toString(): "word/nature" joined by ", ": the shortest
# word (any characters, newlines too) followed by "/nature" and the separator or the closing "]".
_TERM = re.compile(r"(.+?)/([A-Za-z0-9]+)(, |\]$)", re.S)


class Token(NamedTuple):
    """Immutable; a named tuple because a report has thousands and a frozen dataclass
    costs four times as much to build."""

    word: str
    nature: str
    start: int
    end: int


def find_jar(lib_dir: Path) -> Path:
    jars = sorted(lib_dir.glob(_JAR_GLOB)) if lib_dir.is_dir() else []
    if not jars:
        raise ExtractionError(Err.E101.format(what=f"{_JAR_GLOB} in {lib_dir}", where=lib_dir))
    return jars[-1]


def _start_jvm(jar: Path) -> None:
    """Start the JVM once with a small heap; later calls are no-ops."""
    global _JVM_STARTED
    with _JVM_LOCK:
        if _JVM_STARTED:
            return
        import jpype

        if not jpype.isJVMStarted():
            try:
                jpype.startJVM("-Xmx512m", "-Xss4m", classpath=[str(jar)], convertStrings=False)
            except (OSError, RuntimeError) as e:
                raise ExtractionError(Err.E102.format(detail=e)) from e
        _JVM_STARTED = True


class HanLPSegmenter:
    """Segment text into (word, nature, start, end) tokens with one Java call per document."""

    def __init__(self, settings: Settings) -> None:
        _start_jvm(find_jar(settings.java_lib_dir))
        import jpype

        hanlp = jpype.JClass("com.hankcs.hanlp.HanLP")
        self._seg = (hanlp.newSegment()
                     .enablePlaceRecognize(True)
                     .enableOrganizationRecognize(True)
                     .enableNameRecognize(True))

    def tokenize(self, text: str, doc_id: str = "") -> list[Token]:
        """Tokens covering ``text``; offsets are character offsets into it."""
        if not text:
            return []
        try:
            rendered = str(self._seg.seg(text).toString())
        except Exception as e:  # a Java exception surfaces as jpype's JException
            raise ExtractionError(Err.E104.format(doc_id=doc_id, detail=e)) from e
        return parse_rendered(text, rendered)


def parse_rendered(text: str, rendered: str) -> list[Token]:
    """Rebuild tokens from ``List<Term>.toString()``.

    Converting thousands of Java Term objects one attribute at a time costs
    ~0.5 s per report; one string crosses the bridge in milliseconds.  Terms
    are contiguous in ``text`` (HanLP keeps whitespace as ``/w`` terms), so each
    word is the next slice of ``text`` followed by ``/nature``.
    """
    terms = _TERM.findall(rendered, 1)
    words, natures, seps = zip(*terms, strict=True) if terms else ((), (), ())
    # the terms tile the rendering after "[" and spell the text: then each word is the next
    # slice of text (the common case, done in bulk); else align term by term
    tiled = sum(map(len, words)) + sum(map(len, natures)) + sum(map(len, seps)) + len(terms) == len(rendered) - 1
    if not (tiled and "".join(words) == text):
        return _align_terms(text, rendered)
    ends = list(accumulate(map(len, words)))
    starts = [0, *ends[:-1]] if ends else []
    # tuple.__new__ builds each Token in C (Token(...) runs a Python-level __new__ per term)
    return list(map(tuple.__new__, repeat(Token), zip(words, natures, starts, ends, strict=True)))


def _align_terms(text: str, rendered: str) -> list[Token]:
    """Term by term: each word must be the next slice of ``text``; the rest after a word
    that is not (should not happen) becomes one unknown token."""
    tokens: list[Token] = []
    pos, cur = 0, 1  # skip the opening "["
    n = len(text)
    while pos < n:
        m = _TERM.match(rendered, cur)  # anchored: a failed term costs one scan, never a search
        if m is None:
            break
        word = m.group(1)
        end = pos + len(word)
        if text[pos:end] != word:
            break
        tokens.append(Token(word, m.group(2), pos, end))
        pos, cur = end, m.end()
    if pos < n and cur < len(rendered):
        tokens.append(Token(text[pos:], "x", pos, n))
    return tokens
