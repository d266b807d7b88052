"""Who is calling: the claims the service uses, and the roles it knows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    candidate = "candidate"
    permrep = "permrep"
    recruiter = "recruiter"
    hr = "hr"
    panel = "panel"
    dpo = "dpo"
    admin = "admin"


STAFF_ROLES = frozenset({Role.recruiter, Role.hr})


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    sub: str
    roles: frozenset[Role]
    unit: str | None = None
    country: str | None = None

    def has(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    def covers_unit(self, unit: str | None) -> bool:
        """A recruiter of ``CNECT.A`` manages ``CNECT.A`` and every unit below it."""
        return unit_covers(self.unit, unit)

    @property
    def dg(self) -> str | None:
        """The Directorate-General of the ``unit`` claim: its first segment (``CNECT``)."""
        return self.unit.split(".", 1)[0] if self.unit else None

    @property
    def staff_scope(self) -> str | None:
        """The root of the organigramme subtree this caller manages, or None if nothing.

        HR serves the whole DG of its unit claim (the privacy statement names "HR of the DG
        concerned"); a recruiter's level (Director-General, Director, Head of Unit) reads its
        own unit and the units below it, never above. Without a unit claim: nothing.
        """
        if self.has(Role.hr) and self.dg:
            return self.dg
        if self.has(Role.recruiter) and self.unit:
            return self.unit
        return None

    def manages_unit(self, unit: str | None) -> bool:
        """True when ``unit`` lies in this caller's staff scope (HR's DG, a recruiter's subtree)."""
        return unit_covers(self.staff_scope, unit)


def unit_covers(parent: str | None, unit: str | None) -> bool:
    """True when ``unit`` is ``parent`` or lies below it in the organigramme."""
    if not parent or not unit:
        return False
    parent, unit = parent.upper(), unit.upper()
    return unit == parent or unit.startswith(parent + ".")
