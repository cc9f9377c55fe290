"""jd-reader worker: `hrflow-agent jd-reader`."""

from agents.jd_reader.handler import forget, handle, shutdown, startup
from common.broker import Worker
from common.messages import JDDeleted, JDFailed, JDParsed, WorkflowStarted

WORKER = Worker(
    group="jd-reader",
    handlers={WorkflowStarted: handle, JDDeleted: forget},
    emits=(JDParsed, JDFailed),
    prefetch=4,
    options={"time_limit_s": 120},
    startup=startup,
    shutdown=shutdown,
)
