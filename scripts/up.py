"""`make up`: the whole system in the foreground; Ctrl-C stops everything it started.

Replica counts: `REPLICAS="resume-extractor=2,hr-comparator=2" make up` (default 1 each).
A process that exits unexpectedly is restarted with backoff (1 s, 2 s, 4 s ... 30 s) and
counted in `hrflow_supervisor_restarts_total{service}`, served on `UP_METRICS_PORT` (default:
a free port, printed at start).
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from prometheus_client import start_http_server

from common.devservices import DevServices, log
from common.devsystem import AGENTS, Supervisor, System, free_port


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
    supervisor = Supervisor(system, log=log)
    watcher = threading.Thread(target=supervisor.run, args=(stop,), daemon=True)
    try:
        system.start()
        metrics_port = int(os.environ.get("UP_METRICS_PORT") or free_port())
        start_http_server(metrics_port, addr="127.0.0.1")
        watcher.start()
        log(
            f"hrflow is up: gateway {system.gateway_url} (API docs {system.gateway_url}/docs, "
            f"operations console {system.gateway_url}/console/ — sign in with an account from "
            "`hrflow users create`), "
            f"tracker {system.tracker_url}; restarts counted at "
            f"http://127.0.0.1:{metrics_port}/metrics. Ctrl-C stops everything."
        )
        stop.wait()
    except KeyboardInterrupt:
        pass
    except (RuntimeError, TimeoutError) as exc:
        log(f"start-up failed: {exc}")
        return 1
    finally:
        stop.set()  # no restart from here on
        if watcher.is_alive():
            watcher.join(timeout=5)
        log("stopping every process…")
        system.stop()
        services.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
