"""`make bench`: every benchmark in turn; tables land in `bench/results/`."""

from __future__ import annotations

import importlib
import subprocess
import sys

from common.devservices import DevServices

BENCHES = (
    "bench.agents",
    "bench.tracker",
    "bench.gateway",
    "bench.load",
    "bench.e2e",
    "bench.console",
)


def main() -> int:
    # One RabbitMQ / Mongo for every benchmark (each one alone starts what it needs), stopped
    # at the end if this run started it.
    services = DevServices.from_env()
    services.ensure()
    try:
        return run_all()
    finally:
        services.stop()


def run_all() -> int:
    failed = []
    for module in BENCHES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError:
            print(f"== {module}: not present, skipped", flush=True)
            continue
        print(f"== {module}", flush=True)
        if subprocess.run([sys.executable, "-m", module], check=False).returncode != 0:
            failed.append(module)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
