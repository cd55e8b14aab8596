"""Metrics; targets against results across reports (with verdicts); an indicator's timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import AsyncReaderDep, PageDep, ReadAccess, ReaderDep, cached_answer
from api.models import MetricComparisonsPublic, MetricsPublic, TimelinePublic, Verdict
from kg.models import MetricKind

router = APIRouter(prefix="/api/v1/metrics", tags=["metrics"], dependencies=[ReadAccess])

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
def compare(reader: ReaderDep, page: PageDep,
            district: Annotated[str | None, Query(description="district (or project) id, name or alias")] = None,
            indicator: Annotated[str | None, Query(description="indicator name, alias, id or any synonym "
                                                   "(GDP finds 地区生产总值)")] = None,
            period: Annotated[str | None, Query(description="the targets' period: 2021, 2021-2025")] = None,
            verdict: Annotated[Verdict | None, Query(description="only this verdict")] = None,
            ) -> MetricComparisonsPublic:
    """Targets against results across reports: each target for a period with the result a later report
    (or a later section of the same one) states for it, same place, canonical indicator and measure,
    and the verdict met | missed | no_actual | not_comparable; results no target asked for are
    no_target. The rules are kg.compare's (README: target against result)."""
    return MetricComparisonsPublic.of(reader.compare(district=district, indicator=indicator, period=period,
                                                     verdict=verdict, limit=page.limit, offset=page.offset))


@router.get("/timeline", response_model=TimelinePublic)
def timeline(reader: ReaderDep, page: PageDep,
             indicator: Annotated[str, Query(min_length=1, description="indicator name, alias, id or any synonym")],
             district: Annotated[str | None, Query(description="district (or project) id, name or alias")] = None,
             ) -> TimelinePublic:
    """Every value stated for one indicator (by its canonical name, so 规上工业增加值 and
    规模以上工业增加值 are one line), by period and kind, from all reports, with the sentence."""
    result = reader.timeline(indicator, district=district, limit=page.limit, offset=page.offset)
    return TimelinePublic.of(result, indicator=reader.canonical_indicator(indicator))
