"""A worker process for the shutdown tests: marks a resume started, sleeps, marks it done.

Run as `python -m tests.common.broker.slow_worker` with settings in the environment and
`SLOW_HANDLER_S` for the handler's duration.
"""

from __future__ import annotations

import asyncio
import os

from common.broker import Context, Worker, run_worker
from common.messages import ResumeExtracted
from common.settings import get_settings


async def handle(msg: ResumeExtracted, ctx: Context) -> None:
    """Record the start, work for SLOW_HANDLER_S, record the end (idempotently)."""
    marks = ctx.mongo.collection("slow_marks")
    await marks.update_one({"_id": f"start:{msg.resume_id}"}, {"$inc": {"n": 1}}, upsert=True)
    await asyncio.sleep(float(os.environ.get("SLOW_HANDLER_S", "2")))
    await marks.update_one({"_id": f"done:{msg.resume_id}"}, {"$inc": {"n": 1}}, upsert=True)


WORKER = Worker(
    "resume-reader", {ResumeExtracted: handle}, prefetch=1, options={"time_limit_s": 60}
)

if __name__ == "__main__":
    run_worker(WORKER, get_settings())
