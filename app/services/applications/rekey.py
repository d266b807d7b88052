"""Key rotation of special needs: re-encrypt every record under the current key, in batches."""

from __future__ import annotations

import logging

from app.config import Settings
from app.db import Db
from app.errors import ServiceUnavailable
from app.repositories import applications as repo
from app.services.applications.crypto import open_sealed, seal

log = logging.getLogger("app.rekey")

BATCH = 200


async def rekey_special_needs(*, db: Db, settings: Settings, batch: int = BATCH
                              ) -> dict[str, int]:
    """Re-seal every record not under the current key id. Resumable: a record is rewritten only
    if unchanged since it was read, and a second run finds nothing left but the failures."""
    kid = settings.special_data_kid
    counts = {"rekeyed": 0, "changed_meanwhile": 0, "unreadable": 0}
    after = None
    while records := await repo.special_needs_not_under(db, kid=kid, after=after, limit=batch):
        for record in records:
            application_id = record["application_id"]
            try:
                plain = open_sealed(settings, application_id=application_id,
                                    nonce=bytes(record["nonce"]),
                                    ciphertext=bytes(record["ciphertext"]), kid=record.get("kid"))
            except ServiceUnavailable:
                # Its key is gone from the ring, or the record is damaged: left as it is.
                counts["unreadable"] += 1
                continue
            sealed = seal(settings, application_id=application_id, plaintext=plain)
            if await repo.reseal_special_needs(
                    db, record_id=record["_id"], old_nonce=bytes(record["nonce"]),
                    kid=sealed.kid, nonce=sealed.nonce, ciphertext=sealed.ciphertext):
                counts["rekeyed"] += 1
            else:  # rewritten by its candidate since we read it, so under the current key
                counts["changed_meanwhile"] += 1
        after = records[-1]["_id"]
        log.info("special needs rekeyed", extra={"counts": dict(counts), "kid": kid})
    return counts
