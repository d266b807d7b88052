"""Delivering the notification outbox: by SMTP when configured, else to the log."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage

from app.config import Settings
from app.models.stored_more import OutboxMessageDoc
from app.repositories import applications as repo
from app.repositories import calls as calls_repo
from app.repositories import outbox as outbox_repo
from app.services.context import Ctx

log = logging.getLogger("app.notifications")

MAX_ATTEMPTS = 5
CLAIM = timedelta(minutes=5)
BATCH = 200

SUBJECTS = {
    "invited_to_interview": "Your application: invitation to an interview",
    "selected": "Your application: you have been selected",
}
BODIES = {
    "invited_to_interview": "Your application to call {reference} has been preselected: the "
                            "selection panel invites you to an interview. The recruiting unit "
                            "will contact you with the practical arrangements.",
    "selected": "Your application to call {reference} has been selected. HR will contact you "
                "about the next steps.",
}


class Undeliverable(Exception):
    """The message cannot be sent (no recipient, or the mail server refused it)."""


def _tls_context(settings: Settings) -> ssl.SSLContext:
    """Verify the relay's certificate and name, against a private CA when one is configured."""
    cafile = str(settings.smtp_ca_file) if settings.smtp_ca_file else None
    return ssl.create_default_context(cafile=cafile)


def _send_smtp(settings: Settings, message: EmailMessage) -> None:
    """Hand one message to the relay: plain, STARTTLS or implicit TLS, authenticated if set."""
    assert settings.smtp_host is not None
    smtp: smtplib.SMTP
    if settings.smtp_security == "tls":
        smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=30,
                                context=_tls_context(settings))
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
    with smtp:
        if settings.smtp_security == "starttls":
            # starttls raises SMTPNotSupportedError if the relay does not offer it: never
            # fall back to clear text.
            smtp.starttls(context=_tls_context(settings))
        if settings.smtp_username is not None and settings.smtp_password is not None:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)


async def _deliver(ctx: Ctx, message: OutboxMessageDoc) -> None:
    email = await repo.contact_email(ctx.db, message["application_id"])
    if email is None:
        raise Undeliverable("no recipient")
    if ctx.settings.smtp_host is None:
        log.info("notification delivered via log transport",
                 extra={"outbox_id": str(message["_id"])})
        return
    application = await repo.get(ctx.db, message["application_id"])
    call = await calls_repo.get(ctx.db, application["call_id"]) if application else None
    reference = str(call.get("reference")) if call else ""
    template = str(message["template"])
    mail = EmailMessage()
    mail["From"] = ctx.settings.smtp_from
    mail["To"] = email
    mail["Subject"] = SUBJECTS.get(template, "Your application")
    mail.set_content(BODIES.get(template, "{reference}").format(reference=reference))
    await asyncio.to_thread(_send_smtp, ctx.settings, mail)


async def deliver_outbox(ctx: Ctx) -> dict[str, int]:
    """Send every due message once; a failure is retried later with a growing pause, and after
    ``MAX_ATTEMPTS`` tries the message becomes a dead letter (kept, counted, shown to admins)."""
    counts = {"delivered": 0, "failed": 0}
    buried = await outbox_repo.bury_exhausted(ctx.db, now=ctx.clock.now(),
                                              max_attempts=MAX_ATTEMPTS)
    if buried:
        log.error("notifications dead-lettered after an unfinished last try",
                  extra={"count": buried})
        counts["dead_lettered"] = buried
    for _ in range(BATCH):
        now = ctx.clock.now()
        message = await outbox_repo.claim_next(ctx.db, now=now, lease=CLAIM,
                                               max_attempts=MAX_ATTEMPTS)
        if message is None:
            break
        try:
            await _deliver(ctx, message)
        except (Undeliverable, OSError, smtplib.SMTPException) as exc:
            # The error's type only: SMTP replies can quote the address.
            error = type(exc).__name__
            counts["failed"] += 1
            if int(message["attempts"]) >= MAX_ATTEMPTS:
                await outbox_repo.mark_dead(ctx.db, message_id=message["_id"], error=error,
                                            now=now)
                log.error("notification dead-lettered after every try",
                          extra={"outbox_id": str(message["_id"]), "error": error,
                                 "attempts": int(message["attempts"])})
                counts["dead_lettered"] = counts.get("dead_lettered", 0) + 1
                continue
            retry = now + timedelta(minutes=2 ** int(message["attempts"]))
            await outbox_repo.mark_failed(ctx.db, message_id=message["_id"], error=error,
                                          retry_at=retry)
            log.warning("notification not delivered", extra={"outbox_id": str(message["_id"]),
                                                             "error": error})
            continue
        await outbox_repo.mark_delivered(ctx.db, message_id=message["_id"], now=ctx.clock.now())
        counts["delivered"] += 1
    return counts
