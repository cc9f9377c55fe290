"""resume-extractor worker: `hrflow-agent resume-extractor`."""

from agents.resume_extractor.handler import forget, handle, shutdown, startup
from common.broker import Worker
from common.messages import ResumeDeleted, ResumeExtracted, ResumeFailed, ResumeSubmitted

# Extraction runs in a process pool (pool.py): prefetch matches its default two processes.
WORKER = Worker(
    group="resume-extractor",
    handlers={ResumeSubmitted: handle, ResumeDeleted: forget},
    emits=(ResumeExtracted, ResumeFailed),
    prefetch=2,
    options={"time_limit_s": 120},
    startup=startup,
    shutdown=shutdown,
)
