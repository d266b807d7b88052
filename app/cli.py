"""The ``ats`` command line (also ``python -m app``)."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Annotated

import typer

from app.config import get_settings
from app.logging import configure_logging

cli = typer.Typer(
    help="eu-ats: run the service, apply migrations, mint development tokens, export OpenAPI.",
    no_args_is_help=True,
    add_completion=False,
)


DEMO_USERS = [
    ("hr", "--role hr --sub hr-alice"),
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

    settings = get_settings()
    configure_logging(settings.log_level)
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
            "  e.g.  TOKEN=$(.venv/bin/python -m app token --role hr --sub hr-alice)\n"
            f"        curl -H \"Authorization: Bearer $TOKEN\" {url}/api/v1/calls\n",
            err=True,
        )
    uvicorn.run(
        "app.main:create_app", factory=True, host=host, port=port,
        loop="uvloop", http="httptools", log_config=None, proxy_headers=True,
        timeout_graceful_shutdown=10,
    )


@cli.command()
def migrate() -> None:
    """Apply pending migrations (starts the embedded database when ATS_MONGODB_URI is unset)."""
    from app.db import connect
    from app.migrate import migrate as run_migrations

    settings = get_settings()
    configure_logging(settings.log_level)

    async def _run() -> list[str]:
        mongo = await connect(settings)
        try:
            return await run_migrations(mongo.db)
        finally:
            await mongo.close()

    applied = asyncio.run(_run())
    names = ": " + ", ".join(applied) if applied else ""
    typer.echo(f"applied {len(applied)} migration(s){names}")


@cli.command()
def token(
    role: Annotated[list[str], typer.Option(
        help="Role(s): candidate, permrep, recruiter, hr, panel, dpo, admin (repeatable).")],
    sub: Annotated[str, typer.Option(help="The subject (user id).")] = "alice",
    unit: Annotated[str | None, typer.Option(help="Unit, for recruiters (e.g. CNECT.A.2).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2, for permrep.")] = None,
    hours: Annotated[int, typer.Option(help="Validity in hours.")] = 8,
) -> None:
    """Mint a development token signed with the local key in ATS_DEV_KEYS_PATH."""
    from app.security.principal import Role
    from app.security.tokens import mint_dev_token

    unknown = [r for r in role if r not in Role.__members__]
    if unknown:
        raise typer.BadParameter(f"unknown role(s): {', '.join(unknown)}", param_hint="--role")
    typer.echo(mint_dev_token(get_settings(), sub=sub, roles=role, unit=unit, country=country,
                              ttl_seconds=hours * 3600))


@cli.command()
def openapi() -> None:
    """Print the OpenAPI document (``> openapi/openapi.json``)."""
    from app.main import create_app

    sys.stdout.write(json.dumps(create_app().openapi(), indent=2, sort_keys=True) + "\n")


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
