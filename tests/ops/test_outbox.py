"""The outbox keeps what it cannot deliver as dead letters (counted, shown to admins,
requeueable), and talks to a mail relay over STARTTLS or TLS with authentication."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.services.applications.notifications import MAX_ATTEMPTS
from tests.applications.factories import candidate, decide, hr, open_call, submitted
from tests.applications.smtp import SmtpSink
from tests.ops.tls_smtp import PASSWORD, USER, tls_smtp

RUN = "/api/v1/admin/jobs/deliver_outbox/run"
DEAD = "/api/v1/admin/outbox/dead-letters"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _preselected(client: httpx.AsyncClient, auth, sub: str) -> str:
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth, sub), call["id"])
    response = await decide(client, hr(auth), application["id"], "preselected")
    assert response.status_code == 200, response.text
    return str(application["id"])


def _mail_to(app: Any, **update: Any) -> None:
    app.state.settings = app.state.settings.model_copy(update=update)


async def test_a_message_that_fails_every_try_becomes_a_dead_letter(
    app: Any, client: httpx.AsyncClient, auth, clock: ManualClock, mongo: Mongo
) -> None:
    application_id = await _preselected(client, auth, "c-dead")
    _mail_to(app, smtp_host="127.0.0.1", smtp_port=_closed_port())  # the relay is down
    admin = auth("admin")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        counts = (await client.post(RUN, headers=admin)).json()["counts"]
        assert counts["failed"] == 1, (attempt, counts)
        assert ("dead_lettered" in counts) == (attempt == MAX_ATTEMPTS)
        clock.advance(timedelta(hours=1))
    assert (await client.post(RUN, headers=admin)).json()["counts"] == {
        "delivered": 0, "failed": 0}

    dead = await client.get(DEAD, headers=admin)
    assert dead.status_code == 200
    (letter,) = dead.json()["items"]
    assert letter["application_id"] == application_id
    assert letter["template"] == "invited_to_interview"
    assert letter["attempts"] == MAX_ATTEMPTS
    assert letter["last_error"] == "ConnectionRefusedError"
    assert (await client.get(DEAD, headers=hr(auth))).status_code == 403

    metrics = (await client.get("/metrics")).text
    assert "outbox_dead_letters 1.0" in metrics
    assert "outbox_depth 0.0" in metrics
    assert f'job_runs_total{{job="deliver_outbox",outcome="ok"}} {MAX_ATTEMPTS + 1}.0' in metrics

    # The relay is fixed: the administrator requeues it and the next run delivers it.
    sink = await SmtpSink().start()
    try:
        _mail_to(app, smtp_port=sink.port)
        requeued = await client.post(f"{DEAD}/{letter['id']}/requeue", headers=admin)
        assert requeued.status_code == 204
        assert "outbox_depth 1.0" in (await client.get("/metrics")).text
        assert (await client.post(RUN, headers=admin)).json()["counts"]["delivered"] == 1
    finally:
        await sink.stop()
    assert len(sink.messages) == 1
    assert (await client.get(DEAD, headers=admin)).json()["items"] == []
    again = await client.post(f"{DEAD}/{letter['id']}/requeue", headers=admin)
    assert again.status_code == 404


async def test_a_last_try_that_never_reported_back_is_dead_lettered(
    client: httpx.AsyncClient, auth, clock: ManualClock, mongo: Mongo
) -> None:
    await _preselected(client, auth, "c-crash")
    # The process died while it sent the last try: attempts used up, claim not yet expired.
    await mongo.db.outbox.update_many({}, {"$set": {
        "attempts": MAX_ATTEMPTS, "claimed_until": clock.now() + timedelta(minutes=5)}})
    admin = auth("admin")
    assert (await client.post(RUN, headers=admin)).json()["counts"] == {
        "delivered": 0, "failed": 0}
    clock.advance(timedelta(minutes=6))
    counts = (await client.post(RUN, headers=admin)).json()["counts"]
    assert counts["dead_lettered"] == 1
    assert len((await client.get(DEAD, headers=admin)).json()["items"]) == 1


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "tls"])
async def test_delivery_over_tls_with_authentication(
    app: Any, client: httpx.AsyncClient, auth, tmp_path: Path, implicit: bool
) -> None:
    await _preselected(client, auth, "c-tls")
    with tls_smtp(tmp_path, implicit=implicit) as (inbox, port, ca):
        _mail_to(app, smtp_host="127.0.0.1", smtp_port=port,
                 smtp_security="tls" if implicit else "starttls", smtp_ca_file=ca,
                 smtp_username=USER, smtp_password=SecretStr(PASSWORD))
        counts = (await client.post(RUN, headers=auth("admin"))).json()["counts"]
    assert counts == {"delivered": 1, "failed": 0}
    assert inbox.logins == [USER]
    assert inbox.messages[0][0] == ["ana@example.org"]


async def test_a_relay_whose_certificate_is_not_trusted_gets_nothing(
    app: Any, client: httpx.AsyncClient, auth, tmp_path: Path
) -> None:
    await _preselected(client, auth, "c-mitm")
    with tls_smtp(tmp_path, implicit=False) as (inbox, port, _ca):
        _mail_to(app, smtp_host="127.0.0.1", smtp_port=port, smtp_security="starttls",
                 smtp_username=USER, smtp_password=SecretStr(PASSWORD))  # no CA: untrusted
        counts = (await client.post(RUN, headers=auth("admin"))).json()["counts"]
    assert counts == {"delivered": 0, "failed": 1}
    assert inbox.logins == [] and inbox.messages == []


@pytest.mark.parametrize(("values", "complaint"), [
    ({"smtp_username": USER}, "go together"),
    ({"smtp_username": USER, "smtp_password": PASSWORD}, "never sent in clear"),
    ({"smtp_security": "ssl"}, "smtp_security"),
])
def test_smtp_settings_are_checked(values: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint) as raised:
        Settings(_env_file=None, **values)  # type: ignore[call-arg]
    assert PASSWORD not in str(raised.value)
