"""Bearer tokens verified per second by one ``TokenVerifier`` (the CPU every request pays).

Signs tokens with a throw-away development key and verifies them in a loop, in-process:

    PYTHONPATH=. .venv/bin/python bench/token_verify.py --seconds 3
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from app.config import Settings
from app.security.tokens import TokenVerifier, mint_dev_token


async def _run(seconds: float) -> None:
    with tempfile.TemporaryDirectory() as keys:
        settings = Settings(_env_file=None, env="test", dev_keys_path=Path(keys))
        verifier = TokenVerifier.from_settings(settings)
        tokens = [mint_dev_token(settings, sub=f"cand-{i}", roles=["candidate"])
                  for i in range(100)]
        for token in tokens:  # warm up: the first use of a key may build it
            await verifier.verify(token)
        done, started = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - started) < seconds:
            for token in tokens:
                await verifier.verify(token)
            done += len(tokens)
        print(f"{done} tokens in {elapsed:.2f} s: {done / elapsed:,.0f} tokens verified per second"
              f" ({elapsed / done * 1e6:.0f} µs each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    asyncio.run(_run(parser.parse_args().seconds))


if __name__ == "__main__":
    main()
