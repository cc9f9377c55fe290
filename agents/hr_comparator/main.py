"""hr-comparator worker: `hrflow-agent hr-comparator`."""

from agents.hr_comparator.handler import (
    forget_jd,
    on_jd_failed,
    on_jd_parsed,
    on_resume_parsed,
    shutdown,
    startup,
)
from common.broker import Worker
from common.messages import JDDeleted, JDFailed, JDParsed, ResumeFailed, ResumeParsed, ResumeScored

WORKER = Worker(
    group="hr-comparator",
    handlers={
        JDParsed: on_jd_parsed,
        JDFailed: on_jd_failed,
        ResumeParsed: on_resume_parsed,
        JDDeleted: forget_jd,
    },
    emits=(ResumeScored, ResumeFailed),
    prefetch=8,
    options={"time_limit_s": 60},
    startup=startup,
    shutdown=shutdown,
)
