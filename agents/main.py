"""`hrflow-agent <name>`: run one agent's worker (resume-extractor, jd-reader, resume-reader,
hr-comparator)."""

from __future__ import annotations

import importlib
import sys

from common.broker import Worker, run_worker
from common.settings import get_settings

AGENTS = {
    "resume-extractor": "agents.resume_extractor.main",
    "jd-reader": "agents.jd_reader.main",
    "resume-reader": "agents.resume_reader.main",
    "hr-comparator": "agents.hr_comparator.main",
}


def worker_for(name: str) -> Worker:
    """The `WORKER` declared by the named agent."""
    if name not in AGENTS:
        raise SystemExit(f"unknown agent {name!r}; choose one of: {', '.join(AGENTS)}")
    return importlib.import_module(AGENTS[name]).WORKER


def run(argv: list[str] | None = None) -> None:
    """Entry point: `hrflow-agent resume-extractor`."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit(f"usage: hrflow-agent <{'|'.join(AGENTS)}>")
    run_worker(worker_for(args[0]), get_settings())


if __name__ == "__main__":
    run()
