"""Selection panels: who sits on a call's panel, and their conflict-of-interest declarations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from bson import ObjectId
from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.models.common import ApiModel, Id, InputModel, ShortText


class PanelRole(StrEnum):
    chair = "chair"
    member = "member"
    secretary = "secretary"
    observer = "observer"


# Only these score; secretaries and observers attend, read (after declaring) and never score.
SCORING_ROLES = frozenset({PanelRole.chair, PanelRole.member})


class Stage(StrEnum):
    preselection = "preselection"
    interview = "interview"


Sub = Annotated[str, Field(min_length=1, max_length=200,
                           description="The member's token subject (`sub` claim).")]


class PanelMemberIn(InputModel):
    sub: Sub
    name: ShortText = Field(description="Display name, as printed in the panel report.")
    role: PanelRole = Field(description="chair and member score; secretary and observer do not.")


class PanelIn(InputModel):
    """The whole panel of a call (replaces the previous composition)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"members": [
        {"sub": "panel-dora", "name": "Dora Chair", "role": "chair"},
        {"sub": "panel-emil", "name": "Emil Member", "role": "member"},
        {"sub": "panel-fien", "name": "Fien Member", "role": "member"},
        {"sub": "panel-gus", "name": "Gus Secretary", "role": "secretary"},
    ]}]})

    members: list[PanelMemberIn] = Field(
        min_length=1, max_length=20,
        description="Every member once; exactly one chair.")

    @field_validator("members")
    @classmethod
    def _one_chair_unique_subs(cls, members: list[PanelMemberIn]) -> list[PanelMemberIn]:
        subs = [m.sub for m in members]
        if len(subs) != len(set(subs)):
            raise ValueError("a member appears twice")
        if sum(1 for m in members if m.role == PanelRole.chair) != 1:
            raise ValueError("a panel has exactly one chair")
        return members


class PanelMember(BaseModel):
    sub: str = Field(description="The member's token subject.")
    name: str = Field(description="Display name.")
    role: PanelRole = Field(description="The member's role on the panel.")


class PanelDoc(BaseModel):
    """A ``panels`` record: one per call."""

    model_config = ConfigDict(arbitrary_types_allowed=True, populate_by_name=True)

    id: ObjectId = Field(alias="_id")
    call_id: ObjectId
    members: list[PanelMember]
    consolidation_open: list[Stage] = Field(default_factory=list)
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def member(self, sub: str) -> PanelMember | None:
        """The caller's seat on this panel, if any."""
        return next((m for m in self.members if m.sub == sub), None)

    @property
    def scorer_subs(self) -> list[str]:
        return [m.sub for m in self.members if m.role in SCORING_ROLES]


class PanelRead(ApiModel):
    call_id: Id
    members: list[PanelMember] = Field(description="The panel's composition.")
    consolidation_open: list[Stage] = Field(
        description="Stages whose scores every member may now see (opened by the chair).")
    version: int = Field(description="Bumped on every change; also the ETag.")
    updated_at: datetime = Field(description="Last change.")

    @classmethod
    def of(cls, doc: PanelDoc) -> PanelRead:
        return cls(call_id=str(doc.call_id), members=doc.members,
                   consolidation_open=doc.consolidation_open, version=doc.version,
                   updated_at=doc.updated_at)


class DeclarationKind(StrEnum):
    no_conflict = "no_conflict"
    conflict = "conflict"


class ConflictDeclarationIn(InputModel):
    """A panel member's declaration about one candidate, made before reading the file."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"kind": "no_conflict", "reason": "I do not know the candidate."},
        {"kind": "conflict", "reason": "The candidate worked in my team until 2023."},
    ]})

    kind: DeclarationKind = Field(description="`no_conflict` opens the file; `conflict` "
                                              "means you abstain for this candidate.")
    reason: Annotated[str, Field(min_length=3, max_length=2000)] = Field(
        description="Why; shown to the panel chair and HR only.")


class ConflictDeclarationDoc(BaseModel):
    """A ``conflict_declarations`` record; immutable, the newest per member counts."""

    model_config = ConfigDict(arbitrary_types_allowed=True, populate_by_name=True)

    id: ObjectId = Field(alias="_id")
    call_id: ObjectId
    application_id: ObjectId
    member_sub: str
    kind: DeclarationKind
    reason: str
    supersedes: ObjectId | None = None
    at: datetime


class ConflictDeclarationRead(ApiModel):
    id: Id
    application_id: Id
    member_sub: str = Field(description="Who declared.")
    kind: DeclarationKind = Field(description="`no_conflict` or `conflict`.")
    reason: str | None = Field(
        default=None, description="Shown to the panel chair and HR only; null for others.")
    supersedes: str | None = Field(default=None,
                                   description="The declaration this one corrects.")
    at: datetime = Field(description="When it was declared.")

    @classmethod
    def of(cls, doc: ConflictDeclarationDoc, *, with_reason: bool) -> ConflictDeclarationRead:
        return cls(id=str(doc.id), application_id=str(doc.application_id),
                   member_sub=doc.member_sub, kind=doc.kind,
                   reason=doc.reason if with_reason else None,
                   supersedes=str(doc.supersedes) if doc.supersedes else None, at=doc.at)


class ConflictDeclarationList(ApiModel):
    items: list[ConflictDeclarationRead] = Field(description="Oldest first.")


class EmployerLine(ApiModel):
    employer: str = Field(description="Employer's name as the candidate wrote it.")
    start: date = Field(description="Start of the job.")
    end: date | None = Field(default=None, description="Empty: the current employer.")


class ConflictCheck(ApiModel):
    """All a conflict of interest is judged on: the candidate's names and recent employers."""

    application_id: Id
    first_name: str | None = Field(default=None, description="The candidate's first name.")
    last_name: str | None = Field(default=None, description="The candidate's last name.")
    birth_name: str | None = Field(default=None, description="Name at birth, if different.")
    employers: list[EmployerLine] = Field(
        description="Current employers and those left within the last five years.")
    declaration: DeclarationKind | None = Field(
        default=None, description="Your own newest declaration, or null before you declare.")


class PanelApplication(ConflictCheck):
    """One line of a panel member's worklist."""

    status: str = Field(description="The application's status.")


class PanelApplicationList(ApiModel):
    items: list[PanelApplication] = Field(description="Newest first.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for more.")
