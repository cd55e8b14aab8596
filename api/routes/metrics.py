"""Metrics, and target against actual for one indicator."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import AsyncReaderDep, PageDep, ReadAccess, ReaderDep, cached_answer
from api.models import MetricComparisonsPublic, MetricsPublic
from kg.models import MetricKind

router = APIRouter(prefix="/api/v1/metrics", tags=["metrics"], dependencies=[ReadAccess])

IndicatorQ = Annotated[str, Query(min_length=1, description="indicator name, alias or id")]
DistrictQ = Annotated[str | None, Query(description="district id, name or alias")]


@router.get("", response_model=MetricsPublic)
async def metrics(request: Request, reader: AsyncReaderDep, page: PageDep,
                  indicator: Annotated[str | None, Query(description="indicator name, alias or id")] = None,
                  kind: MetricKind | None = None,
                  period: Annotated[str | None, Query(description="2020, 2021-2025, ...")] = None,
                  district: DistrictQ = None,
                  within: Annotated[bool, Query(description="with district: its sub-districts (PART_OF) and "
                                                "the projects placed in them count too")] = False) -> MetricsPublic:
    """Numbers the reports state, each with its sentence and what it is about."""
    async def build() -> MetricsPublic:
        return MetricsPublic.of(await reader.metrics(indicator=indicator, kind=kind, period=period,
                                                     district=district, limit=page.limit, offset=page.offset,
                                                     within=within))
    return await cached_answer(request, reader, build)


@router.get("/compare", response_model=MetricComparisonsPublic)
def compare(reader: ReaderDep, page: PageDep, indicator: IndicatorQ,
            district: DistrictQ = None) -> MetricComparisonsPublic:
    """Target and actual values side by side, per period, measure and district."""
    return MetricComparisonsPublic.of(reader.compare(indicator, district=district, limit=page.limit,
                                                     offset=page.offset))
