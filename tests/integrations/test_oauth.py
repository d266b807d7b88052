"""Machine clients obtain short-lived permrep tokens with a signed assertion (or a secret)."""

from __future__ import annotations

import base64
import json

import httpx
from joserfc.jwk import ECKey

from app.db import Mongo
from tests.applications.factories import Auth, open_call, profile
from tests.integrations.helpers import (
    ASSERTION_TYPE,
    admin,
    bearer,
    register_client,
    request_token,
)


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=="))
    return decoded


async def test_a_signed_assertion_gets_a_permrep_token_the_api_accepts(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo) -> None:
    machine = await register_client(client, auth, country="PT")
    response = await request_token(client, machine)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer" and 0 < body["expires_in"] <= 600
    claims = _claims(body["access_token"])
    assert claims["iss"] == "eu-ats" and claims["sub"] == machine.client_id
    assert claims["roles"] == ["permrep"] and claims["country"] == "PT"
    me = await client.get("/api/v1/applications", headers={
        "Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200, me.text
    audited = await mongo.db.audit_events.find_one({"resource": "oauth_client.token"})
    assert audited is not None and audited["resource_id"] == machine.client_id
    assert "private_key_jwt" in audited["detail"]


async def test_replayed_expired_misaddressed_or_foreign_assertions_are_refused(
        client: httpx.AsyncClient, auth: Auth) -> None:
    machine = await register_client(client, auth)
    once = machine.assertion()
    assert (await request_token(client, machine, once)).status_code == 200
    replay = await request_token(client, machine, once)
    assert replay.status_code == 401
    assert replay.headers["content-type"] == "application/problem+json"
    assert replay.json()["error"] == "invalid_client"
    assert replay.json()["type"].endswith("/invalid-client")
    for bad in (machine.assertion(exp=1_000), machine.assertion(audience="https://elsewhere"),
                machine.assertion(lifetime=3600), machine.assertion(iss="someone-else")):
        assert (await request_token(client, machine, bad)).status_code == 401
    impostor = ECKey.generate_key("P-256")
    machine_with_wrong_key = type(machine)(machine.client_id, impostor, machine.kid)
    assert (await request_token(client, machine_with_wrong_key)).status_code == 401


async def test_rotation_retires_the_old_key_and_revocation_stops_issuance(
        client: httpx.AsyncClient, auth: Auth) -> None:
    machine = await register_client(client, auth)
    new_key = ECKey.generate_key("P-256")
    rotated = await client.post(
        f"/api/v1/admin/clients/{machine.client_id}/rotate", headers=admin(auth),
        json={"jwks": [{**new_key.as_dict(private=False), "kid": "k-2"}]})
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["key_ids"] == ["k-2"]
    assert (await request_token(client, machine)).status_code == 401
    machine.key, machine.kid = new_key, "k-2"
    assert (await request_token(client, machine)).status_code == 200
    revoked = await client.post(f"/api/v1/admin/clients/{machine.client_id}/revoke",
                                headers=admin(auth))
    assert revoked.json()["status"] == "revoked"
    assert (await request_token(client, machine)).status_code == 401


async def test_secret_fallback_is_stored_hashed_and_checked(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo) -> None:
    machine = await register_client(client, auth, issue_secret=True)
    assert machine.secret
    stored = await mongo.db.clients.find_one({"_id": machine.client_id})
    assert stored is not None and stored["secret_hash"].startswith("$argon2id$")
    assert machine.secret not in json.dumps(stored, default=str)
    basic = base64.b64encode(f"{machine.client_id}:{machine.secret}".encode()).decode()
    ok = await client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"},
                           headers={"Authorization": f"Basic {basic}"})
    assert ok.status_code == 200, ok.text
    wrong = await client.post("/api/v1/oauth/token", data={
        "grant_type": "client_credentials", "client_id": machine.client_id,
        "client_secret": "guess"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    read = await client.get(f"/api/v1/admin/clients/{machine.client_id}", headers=admin(auth))
    assert "client_secret" not in read.json() and "secret_hash" not in read.json()


async def test_bad_requests_get_oauth_errors_as_problems(
        client: httpx.AsyncClient, auth: Auth) -> None:
    machine = await register_client(client, auth)
    grant = await client.post("/api/v1/oauth/token", data={
        "grant_type": "password", "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": machine.assertion()})
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    scope = await request_token(client, machine, scope="admin")
    assert scope.status_code == 400 and scope.json()["error"] == "invalid_scope"
    nothing = await client.post("/api/v1/oauth/token", data={"grant_type": "client_credentials"})
    assert nothing.status_code == 401
    garbage = await request_token(client, machine, assertion="not.a.jws")
    assert garbage.status_code == 401


async def test_only_admins_manage_clients_and_keys_are_checked(
        client: httpx.AsyncClient, auth: Auth) -> None:
    body = {"name": "PR BE", "country": "BE", "issue_secret": True}
    refused = await client.post("/api/v1/admin/clients", json=body,
                                headers=auth("hr", sub="hr-1"))
    assert refused.status_code == 403
    missing = await client.get("/api/v1/admin/clients/pr-be-nothing", headers=admin(auth))
    assert missing.status_code == 404
    private = ECKey.generate_key("P-256").as_dict(private=True)
    bad = await client.post("/api/v1/admin/clients", headers=admin(auth),
                            json={**body, "jwks": [private]})
    assert bad.status_code == 422 and bad.json()["type"].endswith("/invalid-client-key")
    listed = await client.get("/api/v1/admin/clients", headers=admin(auth))
    assert listed.status_code == 200 and listed.json()["items"] == []


async def test_submitted_by_me_lists_only_what_this_client_sent(
        client: httpx.AsyncClient, auth: Auth) -> None:
    call = await open_call(client, auth, kind="sne")
    first = await register_client(client, auth, country="PT")
    second = await register_client(client, auth, country="PT")
    mine, theirs = await bearer(client, first), await bearer(client, second)
    created = await client.post(f"/api/v1/calls/{call['id']}/applications", headers=mine,
                                json={"profile": profile()})
    assert created.status_code == 201, created.text
    other = await client.post(f"/api/v1/calls/{call['id']}/applications", headers=theirs,
                              json={"profile": profile(first_name="Rui",
                                                       contact={"email": "rui@example.org"})})
    assert other.status_code == 201, other.text
    listed = await client.get("/api/v1/applications?submitted_by=me", headers=mine)
    assert listed.status_code == 200, listed.text
    assert [a["id"] for a in listed.json()["items"]] == [created.json()["id"]]
    assert listed.json()["items"][0]["status"] == "draft"
    both = await client.get("/api/v1/applications", headers=mine)
    assert len(both.json()["items"]) == 2  # the country's PermRep still sees all its own
