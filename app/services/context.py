"""What every service call needs: the database, the clock, the settings and the caller."""

from __future__ import annotations

from dataclasses import dataclass

from app.clock import Clock
from app.config import Settings
from app.context import request_id_var
from app.db import Db
from app.security.principal import Principal, Role
from app.services.integrations.rate_counts import RateCounts
from app.services.rendered_pages import RenderedPages
from app.services.subject_key_cache import SubjectKeyCache


@dataclass(frozen=True)
class Ctx:
    db: Db
    clock: Clock
    settings: Settings
    actor: Principal
    # The process's audit subject keys (None: every lookup asks the database).
    subject_keys: SubjectKeyCache | None = None
    # The process's rate-limit counts between syncs (None: every request is counted in MongoDB).
    rate_counts: RateCounts | None = None
    # The process's recently rendered public list pages (anonymous requests only).
    public_pages: RenderedPages | None = None

    @property
    def request_id(self) -> str | None:
        return request_id_var.get()


def system_actor(job: str) -> Principal:
    """The principal that scheduled jobs act as."""
    return Principal(sub=f"system:{job}", roles=frozenset({Role.admin}))
