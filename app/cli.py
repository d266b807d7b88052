"""The ``ats`` command line (also ``python -m app``)."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import Coroutine
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError

from app.config import Settings, get_settings
from app.logging import configure_logging

cli = typer.Typer(
    help="eu-ats: run the service, apply migrations, mint development tokens, export OpenAPI.",
    no_args_is_help=True,
    add_completion=False,
    # Rich tracebacks print local variables, and so settings and keys: never.
    pretty_exceptions_enable=False,
)

EXIT_BAD_SETTINGS = 2
T = TypeVar("T")


def settings_errors(exc: ValidationError) -> list[str]:
    """One line per bad setting, ``ATS_NAME: message``, never the rejected value."""
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        message = str(error["msg"]).removeprefix("Value error, ")
        loc = error.get("loc") or ()
        if loc:
            lines.append(f"ATS_{str(loc[0]).upper()}: {message}")
        else:  # the cross-field checks list their problems, each naming its setting
            lines.extend(part.strip() for part in message.split("; "))
    return lines


def load_settings() -> Settings:
    """The settings, or one ``error:`` line per bad setting and exit status 2 (no traceback)."""
    try:
        return get_settings()
    except ValidationError as exc:
        for line in settings_errors(exc):
            typer.echo(f"error: {line}", err=True)
    except SettingsError as exc:
        # pydantic-settings names the field it could not parse (JSON of a list or dict), and
        # its message has no value in it; the cause's text might, so it is not printed.
        field = re.search(r'field "(\w+)"', str(exc))
        name = f"ATS_{field.group(1).upper()}" if field else "settings"
        typer.echo(f"error: {name}: not valid JSON", err=True)
    raise typer.Exit(EXIT_BAD_SETTINGS)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"eu-ats {version('eu-ats')}")
        except PackageNotFoundError:  # running from a checkout that was never installed
            typer.echo("eu-ats 0+unknown")
        raise typer.Exit()


@cli.callback()
def _root(
    show_version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """eu-ats: run the service, apply migrations, mint development tokens, export OpenAPI."""


DEMO_USERS = [
    ("hr", "--role hr --sub hr-alice --unit CNECT"),
    ("recruiter", "--role recruiter --sub rec-bob --unit CNECT.A"),
    ("candidate", "--role candidate --sub cand-carla"),
    ("permrep", "--role permrep --sub pr-be --country BE"),
    ("panel", "--role panel --sub panel-dora"),
    ("dpo", "--role dpo --sub dpo-erik"),
    ("admin", "--role admin --sub admin-fay"),
]


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default ATS_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default ATS_PORT).")] = None,
) -> None:
    """Start the API with uvicorn (uvloop, httptools)."""
    import uvicorn

    settings = load_settings()
    configure_logging(settings.log_level)
    waiting = _with_database(_pending_migrations(settings))
    if waiting:
        typer.echo(f"error: {len(waiting)} migration(s) not applied ({', '.join(waiting)}); "
                   "run `python -m app migrate` first", err=True)
        raise typer.Exit(1)
    host = host or settings.host
    port = port or settings.port
    url = f"http://{host}:{port}"
    if not settings.is_production:
        database = (
            "ATS_MONGODB_URI" if settings.mongodb_uri else f"embedded ({settings.embedded_db_path})"
        )
        users = "\n".join(f"    {role:<10} .venv/bin/python -m app token {args}"
                          for role, args in DEMO_USERS)
        typer.echo(
            f"\n  eu-ats on {url}   (docs: {url}/docs, readiness: {url}/readyz)\n"
            f"  database: {database}\n"
            f"  demo users (one per role; a token is all a user is here):\n{users}\n"
            "  e.g.  TOKEN=$(.venv/bin/python -m app token --role hr --sub hr-alice --unit CNECT)\n"
            f"        curl -H \"Authorization: Bearer $TOKEN\" {url}/api/v1/calls\n",
            err=True,
        )
    uvicorn.run(
        "app.main:create_app", factory=True, host=host, port=port,
        loop="uvloop", http="httptools", log_config=None, proxy_headers=True,
        timeout_graceful_shutdown=10,
    )


def _with_database(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work``; a database that cannot be reached is one clear line and exit 1, not a
    traceback (the error's type only: its text describes the servers)."""
    from pymongo.errors import PyMongoError

    try:
        return asyncio.run(work)
    except PyMongoError as exc:
        typer.echo(f"error: the database did not answer ({type(exc).__name__}); check "
                   "ATS_MONGODB_URI and that a primary is elected", err=True)
        raise typer.Exit(1) from None


async def _pending_migrations(settings: Settings) -> list[str]:
    from app.db import connect
    from app.migrate import pending

    mongo = await connect(settings)
    try:
        return await pending(mongo.db)
    finally:
        await mongo.close()


@cli.command()
def migrate() -> None:
    """Apply pending migrations (starts the embedded database when ATS_MONGODB_URI is unset)."""
    from app.db import connect
    from app.migrate import migrate as run_migrations

    settings = load_settings()
    configure_logging(settings.log_level)

    async def _run() -> list[str]:
        mongo = await connect(settings)
        try:
            return await run_migrations(mongo.db)
        finally:
            await mongo.close()

    applied = _with_database(_run())
    names = ": " + ", ".join(applied) if applied else ""
    typer.echo(f"applied {len(applied)} migration(s){names}")


@cli.command("rekey-special-data")
def rekey_special_data() -> None:
    """Re-encrypt every special-needs record under ATS_SPECIAL_DATA_CURRENT_KEY_ID."""
    from app.db import connect
    from app.services.applications.rekey import rekey_special_needs

    settings = load_settings()
    configure_logging(settings.log_level)

    async def _run() -> dict[str, int]:
        mongo = await connect(settings)
        try:
            return await rekey_special_needs(db=mongo.db, settings=settings)
        finally:
            await mongo.close()

    counts = _with_database(_run())
    typer.echo(f"key {settings.special_data_kid}: " + ", ".join(
        f"{count} {what.replace('_', ' ')}" for what, count in counts.items()))
    if counts["unreadable"]:
        typer.echo("error: some records could not be opened with any key of the ring; keep "
                   "their old key listed in ATS_SPECIAL_DATA_KEYS", err=True)
        raise typer.Exit(1)


@cli.command()
def token(
    role: Annotated[list[str], typer.Option(
        help="Role(s): candidate, permrep, recruiter, hr, panel, dpo, admin (repeatable).")],
    sub: Annotated[str, typer.Option(help="The subject (user id).")] = "alice",
    unit: Annotated[str | None, typer.Option(
        help="Unit, for recruiters (e.g. CNECT.A.2); for hr, its DG (e.g. CNECT).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2, for permrep.")] = None,
    hours: Annotated[int, typer.Option(help="Validity in hours (at least 1).")] = 8,
) -> None:
    """Mint a development token signed with the local key in ATS_DEV_KEYS_PATH."""
    from app.security.principal import Role
    from app.security.tokens import mint_dev_token

    unknown = [r for r in role if r not in Role.__members__]
    if unknown:
        raise typer.BadParameter(f"unknown role(s): {', '.join(unknown)}", param_hint="--role")
    if "hr" in role and not unit:
        raise typer.BadParameter("HR is scoped to its DG: give it (e.g. CNECT).",
                                 param_hint="--unit")
    # A token the API would refuse (a permrep of no country, a recruiter of no unit, one already
    # expired) is a confusing 403/401 later: refuse it here.
    if "permrep" in role and not country:
        raise typer.BadParameter("a permrep token needs --country", param_hint="--country")
    if "recruiter" in role and not unit:
        raise typer.BadParameter("a recruiter token needs --unit", param_hint="--unit")
    if hours <= 0:
        raise typer.BadParameter("must be a positive number of hours", param_hint="--hours")
    settings = load_settings()
    if hours * 3600 > settings.jwt_max_lifetime_seconds:
        raise typer.BadParameter(
            f"at most {settings.jwt_max_lifetime_seconds // 3600} hours "
            "(ATS_JWT_MAX_LIFETIME_SECONDS): the API refuses longer-lived tokens",
            param_hint="--hours")
    typer.echo(mint_dev_token(settings, sub=sub, roles=role, unit=unit, country=country,
                              ttl_seconds=hours * 3600))


@cli.command()
def openapi() -> None:
    """Print the OpenAPI document (``> openapi/openapi.json``)."""
    from app.main import create_app

    document = create_app(load_settings()).openapi()
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True) + "\n")


@cli.command()
def purge(
    dry_run: Annotated[bool, typer.Option(help="Only count what would be deleted.")] = False,
    pause_after_steps: Annotated[int | None, typer.Option(
        hidden=True, help="Test hook: stop still after N deletion steps (to be killed).")] = None,
) -> None:
    """Run the retention purge once now and print its report (JSON, counts only)."""
    from app.services.privacy.cli import purge_once

    settings = get_settings()
    configure_logging(settings.log_level)
    report = asyncio.run(purge_once(settings, dry_run=dry_run,
                                    pause_after_steps=pause_after_steps))
    typer.echo(report)


def main() -> None:
    cli()
