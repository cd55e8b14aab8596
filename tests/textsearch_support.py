"""Two invented reports for sentence search (kg.store.textsearch): phrases whole and in pieces,
Latin acronyms, a lone character, markup characters in a sentence, two districts and two years."""

from __future__ import annotations

from kg.build import build_rows
from kg.config import Settings
from kg.models import ExtractionResult
from kg.store.writer import write_document
from tests.conftest import make_result, wipe

MEILING = [
    ("一、2021年工作回顾", "2021", [
        "2021年，梅岭区食品安全抽检合格率保持在98%以上。",
        "加强校园周边食品经营监管，守住安全底线。",
        "完成口袋公园改造42个，惠及居民5600户。",
        "V2.1版数据平台全面上线。",
        "新建4K演播室3个，营商环境持续优化。",
        "水利设施全面完成。",
    ]),
    ("二、2022年工作安排", "2022", [
        "持续优化营商环境，推进数字乡村。",
        "统筹汛情防控和经济社会发展。",
        "举办<b>食品安全</b>宣传周 & 科普活动。",
    ]),
]
ZHUXI = [
    ("一、2020年工作回顾", "2020", [
        "竹溪县食品安全示范县创建通过验收。",
        "数字乡村战略全面推进。",
        "汛情防控取得重大成果。",
    ]),
]


def meiling_report() -> ExtractionResult:
    return make_result("meiling-2022", "梅岭区2022年政府工作报告", MEILING,
                       [{"type": "District", "name": "梅岭区", "id": "District:539901", "code": "539901",
                         "aliases": ["梅岭"]}], [], [])


def zhuxi_report() -> ExtractionResult:
    return make_result("zhuxi-2021", "竹溪县2021年政府工作报告", ZHUXI,
                       [{"type": "District", "name": "竹溪县", "id": "District:539902", "code": "539902"}], [], [])


def load_reports(driver: object, settings: Settings) -> None:
    """The test database holding exactly the two reports."""
    wipe(driver, settings)
    for result in (meiling_report(), zhuxi_report()):
        write_document(driver, settings, build_rows(result))  # type: ignore[arg-type]
