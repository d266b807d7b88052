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


def unit_covers(parent: str | None, unit: str | None) -> bool:
    """True when ``unit`` is ``parent`` or lies below it in the organigramme."""
    if not parent or not unit:
        return False
    parent, unit = parent.upper(), unit.upper()
    return unit == parent or unit.startswith(parent + ".")
