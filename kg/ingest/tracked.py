"""A string that remembers, for every character, where it came from.

Cleaning deletes and rewrites characters; extraction later reports offsets
into the cleaned text, and provenance needs the offsets in the original file.
``Tracked`` carries one original offset per character through every cleaning
pass, and ``anchors`` compresses that array into the sparse
``Document.offset_map`` (an anchor wherever the clean→original shift changes).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count, groupby
from operator import sub

Repl = Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class Tracked:
    text: str
    orig: tuple[int, ...]  # len(text) + 1 entries; the last is the end offset

    @classmethod
    def of(cls, text: str) -> Tracked:
        return cls(text, tuple(range(len(text) + 1)))

    def sub(self, pattern: re.Pattern[str], repl: Repl) -> Tracked:
        """``re.sub`` that keeps the offset of every surviving character."""
        edits = []
        for m in pattern.finditer(self.text):
            new = repl(m)
            if new != m.group(0):
                edits.append((m.start(), m.end(), new))
        return self.splice(edits)

    def splice(self, edits: Sequence[tuple[int, int, str]]) -> Tracked:
        """Apply sorted, non-overlapping ``(start, end, replacement)`` edits."""
        if not edits:
            return self
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        for start, end, new in edits:
            out.append(self.text[pos:start])
            offs.extend(self.orig[pos:start])
            out.append(new)
            offs.extend(self._align(start, self.text[start:end], new))
            pos = end
        out.append(self.text[pos:])
        offs.extend(self.orig[pos:])
        return Tracked("".join(out), tuple(offs))

    def _align(self, start: int, old: str, new: str) -> list[int]:
        """Original offsets for ``new``, which replaces ``old`` at ``start``.

        Deletions (``new`` a subsequence of ``old``) keep each survivor's own
        offset; same-length rewrites (full-width → half-width) map one to one;
        anything else maps to the start of the replaced span.
        """
        if len(new) == len(old):
            return list(self.orig[start : start + len(old)])
        offs: list[int] = []
        j = 0
        for ch in new:
            while j < len(old) and old[j] != ch:
                j += 1
            if j == len(old):
                return [self.orig[start]] * len(new)
            offs.append(self.orig[start + j])
            j += 1
        return offs


def anchors(tracked: Tracked) -> list[tuple[int, int]]:
    """Sparse ``[clean, original]`` anchors: one wherever the shift changes."""
    result: list[tuple[int, int]] = []
    i = 0
    # runs of equal shift (original offset - clean offset), found in C: a report has few
    for shift, run in groupby(map(sub, tracked.orig, count())):
        result.append((i, i + shift))
        i += len(list(run))
    return result


def lookup(offset_map: Sequence[tuple[int, int]], clean_offset: int) -> int:
    """Map a clean offset back to the original text through sparse anchors."""
    if not offset_map:
        return clean_offset
    i = bisect.bisect_right(offset_map, (clean_offset, float("inf"))) - 1
    if i < 0:
        return clean_offset
    clean, orig = offset_map[i]
    return orig + (clean_offset - clean)
