"""`make up`: the whole system in the foreground; Ctrl-C stops everything it started.

Replica counts: `REPLICAS="resume-extractor=2,hr-comparator=2" make up` (default 1 each).
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from common.devservices import DevServices, log
from common.devsystem import AGENTS, System


def parse_replicas(text: str) -> dict[str, int]:
    """`"resume-extractor=2,hr-comparator=3"` → {"resume-extractor": 2, "hr-comparator": 3}."""
    replicas: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, count = part.partition("=")
        if name not in AGENTS or not count.isdigit() or int(count) < 1:
            raise SystemExit(f"REPLICAS: bad entry {part!r}; agents are {', '.join(AGENTS)}")
        replicas[name] = int(count)
    return replicas


def main() -> int:
    services = DevServices.from_env()
    if not services.ensure_or_log():
        return 1
    env = {"LOG_JSON": os.environ.get("LOG_JSON", "false")}
    system = System(env, replicas=parse_replicas(os.environ.get("REPLICAS", "")))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        system.start()
        log(
            f"hrflow is up: gateway {system.gateway_url} (API docs {system.gateway_url}/docs), "
            f"tracker {system.tracker_url}. Ctrl-C stops everything."
        )
        stop.wait()
    except KeyboardInterrupt:
        pass
    except (RuntimeError, TimeoutError) as exc:
        log(f"start-up failed: {exc}")
        return 1
    finally:
        log("stopping every process…")
        system.stop()
        services.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
