"""The one-year purge: what goes at 366 days, what stays, and a report that matches the
database counted directly."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from bson import ObjectId

from app.clock import ManualClock
from app.db import Mongo
from app.services.audit import pseudonym, subject_key_id
from app.services.context import Ctx, system_actor
from app.services.privacy.retention import Busy, run_purge
from tests.privacy.helpers import closed_call_with_everyone, footprint, search_everywhere
from tests.privacy.keys import current_pseudonym

ADMIN = {"sub": "admin-1"}


async def _run(client: httpx.AsyncClient, auth, *, dry_run: bool = False) -> dict:
    response = await client.post(f"/api/v1/retention/runs?dry_run={str(dry_run).lower()}",
                                 headers=auth("admin", **ADMIN))
    assert response.status_code == 201, response.text
    report: dict = response.json()
    return report


async def test_364_days_keep_everything_366_delete_every_copy_of_the_not_selected(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock, settings) -> None:
    db = mongo.db
    scenario = await closed_call_with_everyone(client, auth, db, now=clock.now())
    ana, ben, cleo = (scenario.people[k] for k in ("ana", "ben", "cleo"))
    before = {k: await footprint(db, p.application_id) for k, p in scenario.people.items()}
    assert before["ana"]["idempotency_records"] == 1 and before["ana"]["scorecards"] == 1
    assert before["ana"]["chunks"] >= 2 and before["ana"]["special_needs"] == 1
    ana_alias = await current_pseudonym(db, settings, ana.sub)
    assert ana_alias and await db.audit_events.count_documents({"subject_id": ana_alias})

    assert len(await search_everywhere(db, ["Silva", ana.email, ana.document_ids[0]])) >= 3
    clock.advance(timedelta(days=364))
    early = await _run(client, auth)
    assert early["calls"] == [] and early["totals"]["applications"] == 0
    assert await footprint(db, ana.application_id) == before["ana"]

    clock.advance(timedelta(days=2))
    report = await _run(client, auth)
    assert report["dry_run"] is False and report["status"] == "finished"
    assert report["policy_version"].startswith("statement-1/")
    [per_call] = report["calls"]
    assert per_call["call_id"] == scenario.call_id
    expected = {name: before["ana"][name] + before["ben"][name]
                for name in ("applications", "files", "bytes", "scorecards", "notifications",
                             "idempotency_records", "special_needs", "conflict_declarations")}
    assert {k: per_call[k] for k in expected} == expected
    assert per_call["skipped_hr_retention"] == 1  # cleo: invited, interviewed, selected
    for gone in (ana, ben):
        assert set((await footprint(db, gone.application_id)).values()) == {0}
    assert await footprint(db, cleo.application_id) == before["cleo"]
    assert await db.panel_reports.count_documents({}) == 1  # cleo's data is still held

    # Nothing of ana or ben is left anywhere: names, e-mail, ids, documents' ids.
    needles = [p.sub for p in (ana, ben)] + [p.email for p in (ana, ben)] + [
        "Silva", "Dupont", ana.application_id, ben.application_id,
        *ana.document_ids, *ben.document_ids]
    assert await search_everywhere(db, needles) == []
    # Crypto-shredding: ana's key is gone, and neither her old pseudonym nor any recomputed
    # one (global key, any key we still hold) finds her events.
    assert await db.subject_keys.find_one({"_id": subject_key_id(settings, ana.sub)}) is None
    assert await current_pseudonym(db, settings, ana.sub) is None
    global_alias = pseudonym(settings.pseudonym_key.get_secret_value(), ana.sub)
    for alias in (global_alias,):
        assert await db.audit_events.count_documents(
            {"$or": [{"subject_id": alias}, {"actor": alias}]}) == 0
    # The events themselves stay (accountability), under a pseudonym nobody can resolve.
    assert await db.audit_events.count_documents({"subject_id": ana_alias}) > 0
    search = await client.get(f"/api/v1/audit-events?person={ana.sub}",
                              headers=auth("dpo", sub="dpo-1"))
    assert search.status_code == 200 and search.json()["items"] == []

    listed = await client.get("/api/v1/retention/runs", headers=auth("dpo", sub="dpo-1"))
    assert [r["id"] for r in listed.json()["items"]] == [report["id"], early["id"]]
    assert "Silva" not in listed.text and ana.application_id not in listed.text


async def test_dry_run_counts_what_would_go_and_deletes_nothing(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock) -> None:
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    ana = scenario.people["ana"]
    before = await footprint(mongo.db, ana.application_id)
    clock.advance(timedelta(days=366))
    dry = await _run(client, auth, dry_run=True)
    assert dry["dry_run"] is True and dry["totals"]["applications"] == 2
    assert await footprint(mongo.db, ana.application_id) == before
    real = await _run(client, auth)
    for name in ("applications", "files", "bytes", "scorecards", "notifications"):
        assert real["totals"][name] == dry["totals"][name]


async def test_two_runs_at_once_delete_each_item_once_and_report_once(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock, settings) -> None:
    await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    clock.advance(timedelta(days=366))
    ctx = Ctx(db=mongo.db, clock=clock, settings=settings, actor=system_actor("test"))
    outcomes = await asyncio.gather(run_purge(ctx, dry_run=False, trigger="api"),
                                    run_purge(ctx, dry_run=False, trigger="api"),
                                    return_exceptions=True)
    reports = [o for o in outcomes if not isinstance(o, BaseException)]
    assert [type(o) for o in outcomes if isinstance(o, BaseException)] == [Busy]
    assert [r.totals.applications for r in reports] == [2]
    assert await mongo.db.retention_runs.count_documents({}) == 1
    conflict = await client.post("/api/v1/retention/runs", headers=auth("admin", **ADMIN))
    assert conflict.status_code == 201  # the lease was released: a later run works (finds 0)
    assert conflict.json()["totals"]["applications"] == 0


async def test_runs_are_for_admin_and_dpo_only(client: httpx.AsyncClient, auth) -> None:
    for role in ("candidate", "hr", "recruiter"):
        response = await client.post("/api/v1/retention/runs", headers=auth(role, sub="x"))
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/api/v1/retention/runs")).status_code == 401
    missing = await client.get(f"/api/v1/retention/runs/{ObjectId()}",
                               headers=auth("dpo", sub="dpo-1"))
    assert missing.status_code == 404


async def test_the_daily_job_runs_the_purge_once_across_replicas(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock, settings) -> None:
    from app.jobs import registry
    from app.jobs.runner import JobRunner

    await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    clock.advance(timedelta(days=366))
    spec = registry.by_name("retention_purge")
    assert spec is not None
    runners = [JobRunner(db=mongo.db, clock=clock, settings=settings, owner=f"replica-{n}")
               for n in (1, 2)]
    results = await asyncio.gather(*(r.run(spec) for r in runners))
    assert sorted((r or {}).get("applications", 0) for r in results) == [0, 2]
    [run] = await mongo.db.retention_runs.find({}).to_list()
    assert run["trigger"] == "schedule" and run["status"] == "finished"
    assert await mongo.db.audit_events.count_documents(
        {"actor": "system:retention_purge", "resource": "retention_run",
         "resource_id": str(run["_id"])}) == 1


async def test_the_period_is_configurable_per_call_kind_and_versions_the_policy(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock, settings) -> None:
    from app.models.privacy import build_policy

    await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    clock.advance(timedelta(days=366))
    longer = settings.model_copy(update={"retention_months_by_kind": {"ca": 24}})
    ctx = Ctx(db=mongo.db, clock=clock, settings=longer, actor=system_actor("test"))
    report = await run_purge(ctx, dry_run=False, trigger="api")
    assert report.totals.applications == 0
    assert await mongo.db.applications.count_documents({}) == 3
    default = build_policy(default_months=12, months_by_kind={})
    assert report.policy_version != default.version
    clock.advance(timedelta(days=365))
    assert (await run_purge(ctx, dry_run=False, trigger="api")).totals.applications == 2
