"""kg.ingest.traditional: traditional-character reports are read like simplified ones."""

from kg.extract.metrics import extract_metrics
from kg.ingest import document_from_text, to_original
from kg.ingest.traditional import (
    convert_same_length,
    is_traditional,
    respell,
    respell_result,
    to_simplified,
)
from kg.models import Entity, ExtractionResult, Metric

TRAD = ("青禾縣2023年政府工作報告\n各位代表：\n一、2022年工作回顧\n"
        "全縣地區生產總值完成186.4億元，比上年增長6.1%。\n"
        "二、2023年工作安排\n今年經濟社會發展的主要預期目標是：地區生產總值增長7%左右，"
        "城鎮登記失業率控制在4.5%以內。\n")


def test_simplified_text_is_left_alone() -> None:
    text = "全县地区生产总值完成186.4亿元，显著提升，著力推进乾元路建设，于年底前完成。"
    assert not is_traditional(text)
    assert to_simplified(text) == (text, {})


def test_traditional_text_is_detected_and_converted() -> None:
    assert is_traditional(TRAD)
    simple, mapping = to_simplified(TRAD)
    assert "全县地区生产总值完成186.4亿元，比上年增长6.1%" in simple
    assert mapping["县"] == "縣" and mapping["亿"] == "億"


def test_conversion_never_changes_the_length() -> None:
    for text in (TRAD, "乾淨的水，瞭解情況。後來髮型", "週邊臺灣颱風，麵包與麪粉"):
        assert len(convert_same_length(text)) == len(text)


def test_the_most_frequent_spelling_wins_when_two_map_to_one() -> None:
    # 后 stands for 後 three times and for itself once: names respell to 後
    simple, mapping = to_simplified("之後，隨後，然後，皇后。" + TRAD)
    assert mapping.get("后") == "後"
    assert respell("然后", mapping) == "然後"


def test_document_offsets_still_point_into_the_original_text() -> None:
    doc = document_from_text(TRAD)
    assert doc.respell
    i = doc.text.index("地区生产总值完成")
    j = to_original(doc, i)
    assert TRAD[j:j + 8] == "地區生產總值完成"


def test_metrics_of_a_traditional_report() -> None:
    doc = document_from_text(TRAD)
    got = {(m.indicator, m.kind, m.measure, m.value, m.period) for m in extract_metrics(doc)}
    assert ("地区生产总值", "actual", "level", 186.4, "2022") in got
    assert ("地区生产总值", "target", "growth", 7.0, "2023") in got
    assert ("城镇登记失业率", "target", "share", 4.5, "2023") in got


def test_result_names_come_back_in_the_text_spelling() -> None:
    doc = document_from_text(TRAD)
    result = ExtractionResult(
        doc_id="t", source="t", document=doc,
        entities=[Entity(type="District", name="青禾县", aliases=["青禾"])],
        metrics=[Metric(indicator="地区生产总值", kind="actual", measure="level", value=186.4)],
    )
    out = respell_result(result)
    assert out.entities[0].name == "青禾縣"
    assert out.metrics[0].indicator == "地區生產總值"


def test_result_mentions_keep_the_analysed_text_at_their_offsets() -> None:
    from kg.config import Settings
    from kg.extract.pipeline import Extractor

    doc = document_from_text(TRAD)
    result = Extractor(Settings(use_hanlp=False)).extract(doc)
    mentions = [m for e in result.entities for m in e.mentions]
    assert mentions and all(doc.text[m.start:m.end] == m.text for m in mentions)
    assert any("區" in e.name or "縣" in e.name for e in result.entities)  # names respelled
