"""Decoding report bytes: detected, never assumed.

Chinese reports arrive as UTF-8 (with or without BOM), UTF-16, GB18030/GBK
or Big5. Statistical detectors are unreliable on short Chinese texts, so we
try strict decodes in an order that cannot produce silent garbage first:
BOM, then UTF-8 (multi-byte UTF-8 almost never decodes by accident), then
GB18030 and Big5, choosing between them by how many of the decoded
characters are common Chinese characters (Big5 bytes nearly always *decode*
as GB18030 too, just into rare characters). charset-normalizer is the last
resort.
"""

from __future__ import annotations

import codecs
import logging

from kg.ingest.clean import count_cjk

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The most frequent characters of Chinese government writing, in simplified
# and traditional forms. A right decode is full of them; a wrong one is not.
_COMMON = set(
    "的一是在不了有和人中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去"
    "把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或"
    "但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次"
    "品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必"
    "战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收"
    "证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马"
    "节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断"
    "深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候"
    "這個為們來時國會對說發經過還開關學動現將麼點當體進機後產長與實種問題應從業員區縣報設項間預總與際農"
    "續務產東樂創區縣環視們當從們穩質優鄉鎮廣場運輸費標濟價積區劃"
)


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` for report bytes, or None when nothing decodes cleanly."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data, name)
            return (text, name) if text is not None else None
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    best = _best_chinese(data)
    return best if best is not None else _fallback(data)


def _strict(data: bytes, encoding: str) -> str | None:
    """Strict decode; a character cut off at the very end (a truncated copy) is dropped."""
    try:
        return data.decode(encoding)
    except LookupError:
        return None
    except UnicodeDecodeError as e:
        if len(data) - e.start >= 4 or e.start == 0:
            return None
        try:
            text = data[: e.start].decode(encoding)
        except UnicodeDecodeError:
            return None
        log.warning("dropped %d trailing bytes that end mid-character (%s)", len(data) - e.start, encoding)
        return text


def _best_chinese(data: bytes) -> tuple[str, str] | None:
    scored = []
    for name in ("gb18030", "big5"):
        text = _strict(data, name)
        if text is not None and count_cjk(text):
            scored.append((common_ratio(text), name, text))
    if not scored:
        return None
    ratio, name, text = max(scored)
    return (text, name) if ratio >= 0.2 else None


def common_ratio(text: str) -> float:
    """Share of the CJK characters in ``text`` that are common ones."""
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(c in _COMMON for c in cjk) / len(cjk)


def _fallback(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None or match.encoding is None:
        return None
    text = str(match)
    if count_cjk(text) and common_ratio(text) < 0.2:
        return None  # Chinese-looking mojibake: refuse rather than pass garbage on
    log.info("charset-normalizer guessed %s", match.encoding)
    return text, match.encoding


def looks_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte of ASCII runs."""
    sample = data[:4000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 8:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    name = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    text = _strict(data, name)
    return name if text is not None and count_cjk(text) else None
