"""kg.plotting.use_cjk_font: Chinese labels draw as glyphs, even when matplotlib's font cache was
built before the font was installed (simulated by taking the font out of its list)."""

from __future__ import annotations

import warnings

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402

from kg.plotting import find_cjk_font, use_cjk_font  # noqa: E402


@pytest.fixture
def cjk_font() -> str:
    path = find_cjk_font()
    if path is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-wqy-zenhei; scripts/ensure_tools.sh does it)")
    return str(path)


def missing_glyphs(text: str) -> list[str]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_plotting_cjk_font_draws_chinese_after_a_stale_font_cache(cjk_font: str) -> None:
    saved = list(font_manager.fontManager.ttflist), dict(matplotlib.rcParams)
    try:
        # A cache from before the font was installed: matplotlib does not know the file.
        font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if f.fname != cjk_font]
        font_manager.fontManager._findfont_cached.cache_clear()
        matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
        assert missing_glyphs("地区生产总值") != []  # the empty boxes of the issue
        name = use_cjk_font()
        assert matplotlib.rcParams["font.sans-serif"][0] == name
        assert missing_glyphs("地区生产总值") == []
    finally:
        font_manager.fontManager.ttflist = saved[0]
        font_manager.fontManager._findfont_cached.cache_clear()
        matplotlib.rcParams.update(saved[1])
