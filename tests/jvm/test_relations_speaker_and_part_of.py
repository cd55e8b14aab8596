"""HOLDS_POST for the speaker, and no PART_OF from outside knowledge (GUIDELINES conventions 3, 4)."""

from kg.config import Settings
from kg.extract.pipeline import Extractor
from kg.ingest import document_from_text

_EX = Extractor(Settings(use_hanlp=True))


def _relations(text: str) -> set[tuple[str, str, str]]:
    result = _EX.extract(document_from_text(text, doc_id="t"))
    return {(r.type, r.head, r.tail) for r in result.relations}


def test_relations_speaker_on_a_byline_holds_post_in_the_government_they_represent():
    text = ("政府工作报告\n——2024年1月5日在吉安县第十七届人民代表大会第三次会议上\n\n  宋 明 远\n\n"
            "各位代表：\n现在，我代表吉安县人民政府向大会报告工作，请予审议。\n全县经济平稳增长。")
    rels = _relations(text)
    assert any(t == "HOLDS_POST" and h.replace(" ", "") == "宋明远" and tail == "吉安县人民政府"
               for t, h, tail in rels)


def test_relations_speaker_before_the_delegate_phrase():
    text = "在江西省第十四届人民代表大会上，省长李成文代表省人民政府向大会报告工作。\n各位代表：今年经济平稳。"
    assert ("HOLDS_POST", "李成文", "省人民政府") in _relations(text)


def test_relations_parent_known_only_to_the_gazetteer_is_no_part_of():
    # 吉安县 lies in 吉安市, but the text never writes them together
    text = ("——在吉安县第十七届人民代表大会上\n各位代表：\n吉安县经济平稳增长。"
            "吉安市举办了博览会。")
    assert not [r for r in _relations(text) if r[0] == "PART_OF" and r[1] == "吉安县"]
