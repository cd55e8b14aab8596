"""Reads for the analyst web page (/ui/): districts with counts, sentence search, metrics as a table (JSON or CSV).

Under /api/v1/browse so they sit beside, not in, the resource routes; the page uses the
resource routes (search, entities, neighbours, projects, metrics, documents, export, stats)
for everything else.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import PageDep, ReadAccess, ReaderDep
from api.models import BrowseDistrictsPublic, BrowseSentencesPublic, MetricRowPublic, MetricRowsPublic
from kg.store import browse

router = APIRouter(prefix="/api/v1/browse", tags=["browse"], dependencies=[ReadAccess])

CSV = "text/csv; charset=utf-8"


@router.get("/districts", response_model=BrowseDistrictsPublic)
def districts(reader: ReaderDep, page: PageDep) -> BrowseDistrictsPublic:
    """Districts with how many targets, results, mentions and projects the graph holds for each,
    those with the most figures first."""
    return BrowseDistrictsPublic.of(browse.districts(reader, limit=page.limit, offset=page.offset))


@router.get("/sentences", response_model=BrowseSentencesPublic)
def sentences(reader: ReaderDep, page: PageDep,
              q: Annotated[str, Query(min_length=1, max_length=100, description="a phrase the sentence contains")],
              ) -> BrowseSentencesPublic:
    """Sentences that contain the phrase, in document order, with their section path and the
    entities mentioned in them."""
    return BrowseSentencesPublic.of(browse.sentences(reader, q.strip() or q, limit=page.limit, offset=page.offset))


@router.get("/metrics", response_model=MetricRowsPublic,
            responses={200: {"content": {CSV: {}}, "description": "the rows as JSON, or CSV with format=csv"}})
def metric_table(reader: ReaderDep,
                 format: Literal["json", "csv"] = "json",
                 district: Annotated[str | None, Query(description="district id, name or alias")] = None,
                 indicator: Annotated[str | None, Query(description="indicator name, alias or id")] = None,
                 ) -> MetricRowsPublic | Response:
    """Every metric (of one district or indicator) as a flat table, one row each with its
    sentence: JSON, or CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
    Chinese text right). Whole numbers without a decimal point."""
    rows = browse.metric_rows(reader, district=district, indicator=indicator)
    if format == "csv":
        return Response("\ufeff" + browse.to_csv(rows), media_type=CSV,
                        headers={"Content-Disposition": "attachment; filename=policykg-metrics.csv"})
    return MetricRowsPublic(count=len(rows), data=[MetricRowPublic(**r) for r in rows])
