"""`make demo`: the main job end to end on bundled sample data.

Starts the services it needs and the whole system in the background, creates a demo account,
uploads a generated JD and 20 generated resumes (PDF, DOCX and TXT; no real people), a scanned
twin of one of them (read by OCR, scored with a warning) and one blank scan (to show that one
bad file does not sink a workflow), starts a workflow, shows live progress from the tracker's
event stream, prints the ranked shortlist, and stops everything it started. Exit status 0 only
if the workflow completed.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from cli.client import HrflowClient
from cli.run import RunOutcome, report, run_workflow
from common.devservices import DevServices
from common.devsystem import System, free_port
from samples.generate import make_corpus, make_jd
from samples.scans import blank_scan, scanned_twin

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / ".run" / "demo-logs"
SEED = 7
RESUMES = 20
DEMO_EMAIL, DEMO_PASSWORD = "demo@hrflow.example", "demo-password-123"


async def demo(gateway_url: str) -> RunOutcome:
    """Sign in, upload the samples, run the workflow, return its outcome."""
    jd = make_jd("software_engineering", SEED)
    corpus = make_corpus(RESUMES, SEED, jd=jd)
    scan = scanned_twin(next(r.data for r in corpus if r.filename.endswith(".pdf")))
    files = [(r.filename, r.data) for r in corpus] + [
        ("scanned-resume.pdf", scan),
        ("blank-scan.pdf", blank_scan()),
    ]
    client = HrflowClient(gateway_url)
    try:
        await client.sign_in(DEMO_EMAIL, DEMO_PASSWORD, "Demo", "Recruiter")
        title = jd.text.strip().splitlines()[0][:120]
        return await run_workflow(client, ("job-description.txt", jd.text.encode(), title), files)
    finally:
        await client.close()


def main() -> int:
    services = DevServices.from_env()
    if not services.ensure_or_log():
        return 1
    env = {
        "GATEWAY_PORT": str(free_port()),
        "TRACKER_PORT": str(free_port()),
        "MONGODB_DB": "hrflow_demo",
        "BROKER_PREFIX": "hrflow-demo",
        "LOG_JSON": "true",
    }
    system = System(env, log_dir=LOG_DIR)
    try:
        print("starting gateway, tracker and the four agents…", flush=True)
        system.start()
        print(
            f"operations console: {system.gateway_url}/console/ (sign in as {DEMO_EMAIL} / "
            f"{DEMO_PASSWORD} while the demo runs; `make up` keeps a system running)",
            flush=True,
        )
        outcome = asyncio.run(demo(system.gateway_url))
        report(outcome)
        print(f"\nAPI docs: {system.gateway_url}/docs (while the system runs: `make up`)")
        print(f"service logs: {LOG_DIR}")
        return 0 if outcome.execution.get("status") == "completed" else 1
    except Exception as exc:  # noqa: BLE001 - the demo reports any failure plainly
        print(f"demo failed: {exc}; service logs are in {LOG_DIR}", file=sys.stderr)
        return 1
    finally:
        system.stop()
        services.stop()


if __name__ == "__main__":
    sys.exit(main())
