"""Selection panels: who sits on a call's panel, and their conflict-of-interest declarations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from bson import ObjectId
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.config import JsonDict

from app.models.common import ApiModel, Id, InputModel, ShortText, StoredModel


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
    """One seat on the panel."""

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
    """One seat on the panel, as stored and shown."""

    sub: str = Field(description="The member's token subject.")
    name: str = Field(description="Display name, as printed in the panel report.")
    role: PanelRole = Field(description="The member's role on the panel: chair and member "
                                        "score; secretary and observer do not.")


class PanelDoc(StoredModel):
    """A ``panels`` record: one per call."""

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
    """A call's selection panel."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "call_id": "6650f1c2a9e4b1d2c3f4a5b6",
        "members": [{"sub": "panel-dora", "name": "Dora Chair", "role": "chair"},
                    {"sub": "panel-emil", "name": "Emil Member", "role": "member"},
                    {"sub": "panel-gus", "name": "Gus Secretary", "role": "secretary"}],
        "consolidation_open": ["preselection"], "version": 3,
        "updated_at": "2024-06-01T09:30:00Z"}]})

    call_id: Id = Field(description="The call the panel sits on.")
    members: list[PanelMember] = Field(description="The panel's composition.")
    consolidation_open: list[Stage] = Field(
        description="Stages whose scores every member may now see (opened by the chair).")
    version: int = Field(description="Bumped on every change; also the ETag.")
    updated_at: datetime = Field(description="Last change (UTC).")

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


class ConflictDeclarationDoc(StoredModel):
    """A ``conflict_declarations`` record; immutable, the newest per member counts."""

    id: ObjectId = Field(alias="_id")
    call_id: ObjectId
    application_id: ObjectId
    member_sub: str
    kind: DeclarationKind
    reason: str
    supersedes: ObjectId | None = None
    at: datetime


_DECLARATION_EXAMPLE: JsonDict = {
    "id": "6651b2c3c2d4e6f8a0b1c2f1", "application_id": "6650f0a9a4e8b31d9c0e4f1a",
    "member_sub": "panel-emil", "kind": "no_conflict", "reason": "I do not know the candidate.",
    "supersedes": None, "at": "2024-06-01T09:30:00Z"}


class ConflictDeclarationRead(ApiModel):
    """A panel member's declaration about one candidate."""

    model_config = ConfigDict(json_schema_extra={"examples": [_DECLARATION_EXAMPLE]})

    id: Id = Field(description="The declaration's id.")
    application_id: Id = Field(description="The application (candidate) it is about.")
    member_sub: str = Field(description="Who declared: the member's token subject.")
    kind: DeclarationKind = Field(description="`no_conflict` or `conflict`.")
    reason: str | None = Field(
        default=None, description="Shown to the panel chair and HR only; null for others.")
    supersedes: str | None = Field(default=None,
                                   description="The declaration this one corrects.")
    at: datetime = Field(description="When it was declared (UTC).")

    @classmethod
    def of(cls, doc: ConflictDeclarationDoc, *, with_reason: bool) -> ConflictDeclarationRead:
        return cls(id=str(doc.id), application_id=str(doc.application_id),
                   member_sub=doc.member_sub, kind=doc.kind,
                   reason=doc.reason if with_reason else None,
                   supersedes=str(doc.supersedes) if doc.supersedes else None, at=doc.at)


class ConflictDeclarationList(ApiModel):
    """The declarations about one application."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        _DECLARATION_EXAMPLE,
        {**_DECLARATION_EXAMPLE, "id": "6651b2d0c2d4e6f8a0b1c2f2", "member_sub": "panel-fien",
         "kind": "conflict", "reason": "The candidate worked in my team until 2023.",
         "at": "2024-06-01T10:05:00Z"}]}]})

    items: list[ConflictDeclarationRead] = Field(
        description="The declarations you may see, oldest first; the newest per member counts.")


class EmployerLine(ApiModel):
    """One employer from the candidate's professional experience."""

    employer: str = Field(description="Employer's name as the candidate wrote it.")
    start: date = Field(description="Start of the job.")
    end: date | None = Field(default=None, description="End of the job; null for a current "
                                                       "employer.")


_CONFLICT_CHECK_EXAMPLE: JsonDict = {
    "application_id": "6650f0a9a4e8b31d9c0e4f1a", "first_name": "Erika",
    "last_name": "Mustermann", "birth_name": None,
    "employers": [{"employer": "Bundesamt für Sicherheit in der Informationstechnik",
                   "start": "2019-09-01", "end": None},
                  {"employer": "Fraunhofer-Institut für Offene Kommunikationssysteme",
                   "start": "2015-02-01", "end": "2019-08-31"}],
    "declaration": None}


class ConflictCheck(ApiModel):
    """All a conflict of interest is judged on: the candidate's names and recent employers."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CONFLICT_CHECK_EXAMPLE]})

    application_id: Id = Field(description="The application (candidate) to declare about.")
    first_name: str | None = Field(default=None, description="The candidate's given name(s); "
                                                             "null if not given.")
    last_name: str | None = Field(default=None, description="The candidate's surname; null if "
                                                            "not given.")
    birth_name: str | None = Field(default=None, description="Surname at birth, if different; "
                                                             "else null.")
    employers: list[EmployerLine] = Field(
        description="Current employers and those left within the last five years.")
    declaration: DeclarationKind | None = Field(
        default=None, description="Your own newest declaration, or null before you declare.")


class PanelApplication(ConflictCheck):
    """One line of a panel member's worklist."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {**_CONFLICT_CHECK_EXAMPLE, "declaration": "no_conflict", "status": "preselected"}]})

    status: str = Field(description="The application's status: preselected (invited to the "
                                    "panel) or a later one (interviewed, selected, reserve, "
                                    "not_selected).", examples=["preselected"])


class PanelApplicationList(ApiModel):
    """The applications put before the panel."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        {**_CONFLICT_CHECK_EXAMPLE, "declaration": "no_conflict", "status": "preselected"},
        {**_CONFLICT_CHECK_EXAMPLE, "application_id": "6650f0b3a4e8b31d9c0e4f1b",
         "first_name": "Max", "employers": [], "status": "preselected"}],
        "next_cursor": None}]})

    items: list[PanelApplication] = Field(description="Applications before the panel, newest "
                                                      "first.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for more; "
                                                              "null on the last page.")
