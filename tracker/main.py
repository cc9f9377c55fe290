"""`hrflow-tracker`: the consumer of every workflow event plus the HTTP API, in one process."""

from __future__ import annotations

import uvicorn

from common.logging import configure_logging
from common.settings import get_settings
from tracker.app import create_app


def run() -> None:
    """Serve on `TRACKER_HOST:TRACKER_PORT` until SIGTERM (the consumer drains gracefully)."""
    settings = get_settings()
    configure_logging(settings.log_level, json_lines=settings.log_json)
    uvicorn.run(
        create_app(settings),
        host=settings.tracker_host,
        port=settings.tracker_port,
        log_config=None,
    )


if __name__ == "__main__":
    run()
