"""Special needs (health data, special category): read by those who organise the interview
logistics and by the candidate's side, changed by the candidate's side, every read audited.

"Interview-logistics staff" is HR of the DG concerned by the vacancy: the privacy statement gives
the DG's HR access to the applications and says the needs serve "organising logistics for the
interviews". The candidate (or, for an SNE, the Permanent Representation that submitted the
application on the candidate's behalf) reads and rectifies them at any status.
"""

from __future__ import annotations

from app.errors import Forbidden
from app.models.applications import SpecialNeedsRead, SpecialNeedsUpdate
from app.models.stored import ApplicationDoc
from app.repositories import applications as repo
from app.security.principal import Role, unit_covers
from app.services import audit
from app.services.applications.access import (
    call_of,
    is_owner,
    owned_application,
    readable_application,
    subject_of,
)
from app.services.applications.crypto import open_sealed, seal
from app.services.context import Ctx

RESOURCE = "application.special_needs"


async def _organises_interviews(ctx: Ctx, application: ApplicationDoc) -> bool:
    """HR of the DG whose call the application answers."""
    if not ctx.actor.has(Role.hr):
        return False
    call = await call_of(ctx, application)
    return unit_covers(ctx.actor.dg, call.get("unit"))


async def get_special_needs(ctx: Ctx, *, application_id: str) -> SpecialNeedsRead:
    """The decrypted needs, for HR of the DG and the candidate's side; 403 for other readers of
    the application, 404 for anyone who may not read it."""
    application = await readable_application(ctx, application_id=application_id)
    if not (is_owner(ctx, application) or await _organises_interviews(ctx, application)):
        raise Forbidden("Special needs are health data: only HR of the DG, who organise the "
                        "interview logistics, and the candidate may read them.")
    stored = await repo.get_special_needs(ctx.db, application["_id"])
    plain = None
    if stored is not None:
        plain = open_sealed(ctx.settings, application_id=application["_id"],
                            nonce=bytes(stored["nonce"]), ciphertext=bytes(stored["ciphertext"]),
                            kid=stored.get("kid"))
    await audit.record(ctx, action=audit.Action.read, resource=RESOURCE,
                       resource_id=application_id, subject=subject_of(application))
    return SpecialNeedsRead(application_id=application_id, special_needs=plain,
                            updated_at=stored.get("updated_at") if stored else None)


async def replace_special_needs(
    ctx: Ctx, *, application_id: str, payload: SpecialNeedsUpdate
) -> SpecialNeedsRead:
    """Replace (or, with null, erase) the needs: the candidate's right of rectification, at any
    status of the application."""
    application = await owned_application(ctx, application_id=application_id)
    now = ctx.clock.now()
    if payload.special_needs is None:
        await repo.delete_special_needs(ctx.db, application_id=application["_id"])
        detail = "erased"
    else:
        sealed = seal(ctx.settings, application_id=application["_id"],
                      plaintext=payload.special_needs)
        await repo.put_special_needs(ctx.db, application_id=application["_id"], kid=sealed.kid,
                                     nonce=sealed.nonce, ciphertext=sealed.ciphertext, now=now)
        detail = "replaced"
    await audit.record(ctx, action=audit.Action.update, resource=RESOURCE,
                       resource_id=application_id, subject=subject_of(application),
                       detail=detail)
    return SpecialNeedsRead(application_id=application_id, special_needs=payload.special_needs,
                            updated_at=now if payload.special_needs is not None else None)
