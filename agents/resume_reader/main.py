"""resume-reader worker: `hrflow-agent resume-reader`."""

from agents.resume_reader.handler import forget, handle, shutdown, startup
from common.broker import Worker
from common.messages import ResumeDeleted, ResumeExtracted, ResumeFailed, ResumeParsed

WORKER = Worker(
    group="resume-reader",
    handlers={ResumeExtracted: handle, ResumeDeleted: forget},
    emits=(ResumeParsed, ResumeFailed),
    prefetch=4,
    options={"time_limit_s": 60},
    startup=startup,
    shutdown=shutdown,
)
