"""Projects, companies and organisations with what they are tied to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import AsyncReaderDep, PageDep, ReadAccess, ReaderDep, cached_answer
from api.models import CompaniesPublic, OrganizationsPublic, ProjectsPublic

router = APIRouter(prefix="/api/v1", tags=["projects"], dependencies=[ReadAccess])


@router.get("/projects", response_model=ProjectsPublic)
async def projects(request: Request, reader: AsyncReaderDep, page: PageDep,
                   district: Annotated[str | None, Query(description="district id, name or alias; "
                                                         "sub-districts count")] = None,
                   company: Annotated[str | None, Query(description="company id, name or alias")] = None,
                   industry: Annotated[str | None, Query(description="industry id, name or alias")] = None,
                   ) -> ProjectsPublic:
    """Projects with where they are, who takes part and which industry they serve."""
    async def build() -> ProjectsPublic:
        return ProjectsPublic.of(await reader.projects(district=district, company=company, industry=industry,
                                                       limit=page.limit, offset=page.offset))
    return await cached_answer(request, reader, build)


@router.get("/companies", response_model=CompaniesPublic)
def companies(reader: ReaderDep, page: PageDep) -> CompaniesPublic:
    """Companies with their projects, industries, places and partners."""
    return CompaniesPublic.of(reader.companies(limit=page.limit, offset=page.offset))


@router.get("/organizations", response_model=OrganizationsPublic)
def organizations(reader: ReaderDep, page: PageDep) -> OrganizationsPublic:
    """Organisations with every relation they take part in."""
    return OrganizationsPublic.of(reader.organizations(limit=page.limit, offset=page.offset))
