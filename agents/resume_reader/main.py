"""resume-reader worker: `hrflow-agent resume-reader`."""

from agents.resume_reader.handler import forget, handle, shutdown, startup
from common.broker import Worker
from common.messages import ResumeDeleted, ResumeExtracted

WORKER = Worker(
    group="resume-reader",
    handlers={ResumeExtracted: handle, ResumeDeleted: forget},
    prefetch=4,
    time_limit_s=60,
    startup=startup,
    shutdown=shutdown,
)
