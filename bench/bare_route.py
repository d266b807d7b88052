"""A bare FastAPI route doing a read's two database calls, for ``api_overhead.py``'s floor.

``api_overhead.py`` compares the service's "read one" with the raw driver making its two
calls (find the application by ``_id``, insert an audit event). Part of that gap is the stack
itself: an HTTP hop through uvicorn and FastAPI, and a third process on the machine's cores.
This app is that stack with nothing of the service in it (no middleware, token, rate count,
access check, pseudonyms, view model): one route that makes the same two calls on the same
database and answers the stored document as JSON. Run under uvicorn with uvloop and httptools,
as the service runs, it is the floor the service's ratio can approach, measured in the same
run.

    python bench/bare_route.py --port 8001 --mongodb-uri mongodb://... --db bench_overhead
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def audit_event(resource_id: str) -> dict[str, Any]:
    """The raw side's audit event (``api_overhead.Bench.audit_event``)."""
    return {"at": datetime.now(UTC), "actor": "p" * 43, "actor_pseudonymous": True,
            "actor_roles": ["candidate"], "action": "read", "resource": "application",
            "resource_id": resource_id, "subject_id": "s" * 43, "request_id": None,
            "detail": None}


def bare_app(uri: str, db_name: str) -> Any:
    from bson import ObjectId
    from fastapi import FastAPI, Response

    from app.db import WRITE_CONCERN, make_client

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    client = make_client(uri)
    db = client.get_database(db_name, write_concern=WRITE_CONCERN)

    @app.get("/ready")
    async def ready() -> Response:
        return Response(status_code=204)

    @app.get("/applications/{application_id}")
    async def read(application_id: str) -> Response:
        found = await db["applications"].find_one({"_id": ObjectId(application_id)})
        if found is None:
            return Response(status_code=404)
        await db["audit_events"].insert_one(audit_event(application_id))
        return Response(json.dumps(found, default=str).encode(), media_type="application/json")

    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="port on 127.0.0.1")
    parser.add_argument("--mongodb-uri", required=True, help="the database's URI")
    parser.add_argument("--db", required=True, help="the database's name")
    args = parser.parse_args()
    import uvicorn

    uvicorn.run(bare_app(args.mongodb_uri, args.db), host="127.0.0.1", port=args.port,
                loop="uvloop", http="httptools", log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
