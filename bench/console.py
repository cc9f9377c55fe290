"""Console page latency on a 500-workflow history.

Runs the real gateway and tracker under uvicorn on loopback against the real RabbitMQ and the
Mongo server of the usual settings, in a private prefix and database deleted afterwards.
Starts `--workflows` workflows (two resumes each; no agents run, so they stay in progress
unless the tracker's status override ends them: a third completed, a third failed), then
times each console page as a signed-in admin, next to two baselines of the same run: `GET
/health` (the cheapest route through the same stack) and the API's own history page
(`GET /workflow/executions?limit=25`). Writes `bench/results/console.md`.

    .venv/bin/python -m bench.console [--workflows 500] [--n 40]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import time
import uuid
from pathlib import Path

import httpx

from bench.gateway import pct, served_stack, timed
from common.devservices import DevServices
from gateway.services import users

RESULTS = Path(__file__).parent / "results" / "console.md"
BUDGET_MS = 300
PASSWORD = "bench-password-123"


async def seed(client: httpx.AsyncClient, service: dict[str, str], workflows: int) -> list[str]:
    """`workflows` started workflows of two resumes; two in three ended by an override."""
    jd = await client.post(
        "/job-descriptions/",
        json={"designation": "Backend Engineer", "description": "Python, SQL, 3+ years."},
    )
    jd_id = jd.json()["id"]
    resume_ids = []
    for i in range(2):
        text = io.BytesIO(f"Candidate {i}\nPython SQL {uuid.uuid4().hex}\n".encode())
        answer = await client.post(
            "/files/upload-resume", files={"file": (f"r{i}.txt", text, "text/plain")}
        )
        resume_ids.append(answer.json()["resume_id"])
    ids = []
    for _ in range(workflows):
        answer = await client.post(
            "/matching/batch", json={"jd_id": jd_id, "resume_ids": resume_ids}
        )
        assert answer.status_code == 202, answer.text
        ids.append(answer.json()["data"]["workflow_id"])
    for i, workflow_id in enumerate(ids):
        if i % 3:
            final = "completed" if i % 3 == 1 else "failed"
            answer = await client.put(
                f"/workflow/executions/{workflow_id}/status",
                json={"status": final},
                headers=service,
            )
            assert answer.status_code == 200, answer.text
    return ids


async def main(workflows: int, n: int) -> str:
    async with served_stack() as stack:
        settings = stack.settings
        service = {"Authorization": f"Bearer {settings.service_token}"}
        email = f"bench-{stack.run}@example.com"
        await users.create_user(stack.mongo, email=email, password=PASSWORD, role="admin")
        async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=60) as client:
            token = (
                await client.post("/auth/login", json={"email": email, "password": PASSWORD})
            ).json()
            api = {"Authorization": f"Bearer {token['access_token']}"}
            client.headers.update(api)
            ids = await seed(client, service, workflows)
            login = await client.post("/console/login", data={"email": email, "password": PASSWORD})
            assert login.status_code == 303, login.text
            pages = {
                "workflows, first page": "/console/workflows",
                "workflows, last page": f"/console/workflows?page={-(-workflows // 25)}",
                "workflows, filtered (failed)": "/console/workflows?status=failed",
                "one workflow": f"/console/workflows/{ids[0]}",
                "one workflow, live part": f"/console/workflows/{ids[0]}/live",
                "queues": "/console/queues",
                "reports (14 days, by day)": "/console/reports",
                "reports by user": "/console/reports?group_by=user",
            }
            await timed(20, lambda: client.get("/health"), 200)  # warm-up
            health = await timed(n, lambda: client.get("/health"), 200)
            history = await timed(n, lambda: client.get("/workflow/executions?limit=25"), 200)
            timings = {}
            for name, path in pages.items():
                await timed(3, lambda path=path: client.get(path), 200)
                timings[name] = await timed(n, lambda path=path: client.get(path), 200)
            health += await timed(n, lambda: client.get("/health"), 200)
    return table(workflows, health, history, timings)


def table(
    workflows: int, health: list[float], history: list[float], timings: dict[str, list[float]]
) -> str:
    base, api = pct(health, 50), pct(history, 50)
    lines = [
        "# Console page latency",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/console.py`: "
        f"gateway and tracker under uvicorn on loopback, {workflows} workflows in the history, "
        "one signed-in admin, requests in sequence. Budget: "
        f"{BUDGET_MS} ms a page.",
        "",
        "| request | n | p50 ms | p95 ms | p50 / `GET /health` | p50 / API history page"
        " | within budget (p95) |",
        "|---|---|---|---|---|---|---|",
        f"| `GET /health` (baseline) | {len(health)} | {base:.1f} | {pct(health, 95):.1f}"
        " | 1.0x | | |",
        f"| `GET /workflow/executions?limit=25` (API baseline) | {len(history)} | {api:.1f}"
        f" | {pct(history, 95):.1f} | {api / base:.1f}x | 1.0x | |",
    ]
    for name, samples in timings.items():
        p50, p95 = pct(samples, 50), pct(samples, 95)
        lines.append(
            f"| {name} | {len(samples)} | {p50:.1f} | {p95:.1f} | {p50 / base:.1f}x"
            f" | {p50 / api:.1f}x | {'yes' if p95 < BUDGET_MS else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workflows", type=int, default=500)
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()
    services = DevServices.from_env()
    services.ensure()
    try:
        result = asyncio.run(main(args.workflows, args.n))
    finally:
        services.stop()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(result)
    print(result)
