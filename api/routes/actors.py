"""Projects, companies and organisations with what they are tied to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import AsyncReaderDep, PageDep, ReadAccess, ReaderDep, cached_answer
from api.models import (
    AmbiguousMessage,
    CompaniesPublic,
    Message,
    OrganizationsPublic,
    ProjectPublic,
    ProjectsPublic,
)

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


@router.get("/projects/{project_id:path}", response_model=ProjectPublic,
            responses={404: {"model": Message, "description": "no project with this id, name or alias"},
                       409: {"model": AmbiguousMessage, "description": "a name several projects carry"}})
def project(project_id: str, reader: ReaderDep) -> ProjectPublic:
    """One project (by id, name or alias): where it is, who takes part, its industries and its own
    figures (investment, capacity, output)."""
    return ProjectPublic.model_validate(reader.project(project_id))


@router.get("/companies", response_model=CompaniesPublic)
def companies(reader: ReaderDep, page: PageDep) -> CompaniesPublic:
    """Companies with their projects, industries, places and partners."""
    return CompaniesPublic.of(reader.companies(limit=page.limit, offset=page.offset))


@router.get("/organizations", response_model=OrganizationsPublic)
def organizations(reader: ReaderDep, page: PageDep) -> OrganizationsPublic:
    """Organisations with every relation they take part in."""
    return OrganizationsPublic.of(reader.organizations(limit=page.limit, offset=page.offset))
