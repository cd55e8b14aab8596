"""A CJK font for matplotlib plots, so Chinese labels are glyphs, not empty boxes.

matplotlib picks fonts from a cache it builds once (~/.cache/matplotlib/fontlist-*.json): a CJK
font installed after that is invisible to it, and its default family (DejaVu Sans) has no
Chinese. use_cjk_font() registers a CJK font file directly (addfont: no cache involved) and puts
it first in the sans-serif list. matplotlib is imported here only (a notebook/dev dependency).
"""

from __future__ import annotations

import logging
from pathlib import Path

from kg.errors import Err, KGError

# Font files by where Debian (fonts-wqy-zenhei, fonts-noto-cjk), macOS and Windows put them.
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
# File names of CJK fonts elsewhere on the font path.
_CJK_NAME_HINTS = ("wqy", "notosanscjk", "notoserifcjk", "sourcehansans", "droidsansfallback", "pingfang", "msyh")


def find_cjk_font() -> Path | None:
    """A CJK font file on this machine: the known places first, then matplotlib's font path."""
    for name in CJK_FONT_FILES:
        if Path(name).is_file():
            return Path(name)
    from matplotlib import font_manager

    for found in sorted(font_manager.findSystemFonts()):
        if any(hint in Path(found).name.lower().replace("-", "") for hint in _CJK_NAME_HINTS):
            return Path(found)
    return None


def use_cjk_font() -> str:
    """Register a CJK font with matplotlib and make it the first sans-serif; return its name."""
    import matplotlib
    from matplotlib import font_manager

    path = find_cjk_font()
    if path is None:
        raise KGError(Err.E018.format())
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    # These fonts have one weight; matplotlib says so at every bold title otherwise.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [name, *[f for f in matplotlib.rcParams["font.sans-serif"] if f != name]]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK fonts lack U+2212 (minus)
    return name
