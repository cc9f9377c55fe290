"""Development and CI services: make sure RabbitMQ and a Mongo server answer.

    python -m common.devservices ensure   # start what is missing, leave it running
    python -m common.devservices stop     # stop only what `ensure` started
    python -m common.devservices status

RabbitMQ is started with `rabbitmq-server -detached` when nothing answers at `AMQP_URL`.
When nothing answers at `MONGODB_URI`, the mongoeco wire-protocol emulator is started from its
own Python 3.13 venv (`.mongo-venv`, made by `make install`). What was started is recorded
under `.run/` so that `stop` never touches a server somebody else runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run"
MONGO_PYTHON = ROOT / ".mongo-venv" / "bin" / "python"
MONGO_SCRIPT = ROOT / "scripts" / "mongo_server.py"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_MONGODB_URI = "mongodb://127.0.0.1:27017"


class ServiceError(RuntimeError):
    """A required service could not be reached or started."""


def host_port(url: str, default_port: int) -> tuple[str, int]:
    """Host and port of an amqp:// or mongodb:// URL (the first of a list of hosts or
    URLs)."""
    parsed = urlparse(url)
    netloc = parsed.netloc.rsplit("@", 1)[-1].split(",")[0]
    host, _, port = netloc.partition(":")
    return host or "127.0.0.1", int(port) if port else default_port


def port_open(host: str, port: int, timeout_s: float = 0.5) -> bool:
    """True when something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


LOCAL_HOSTS = ("127.0.0.1", "localhost")


def amqp_answers(host: str, port: int, timeout_s: float = 10.0) -> bool:
    """True when the server answers the AMQP 0-9-1 protocol header with a frame."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as sock:
            sock.sendall(b"AMQP\x00\x00\x09\x01")
            return len(sock.recv(7)) > 0
    except OSError:
        return False


def wait_for_port(host: str, port: int, timeout_s: float, what: str) -> None:
    """Block until host:port accepts connections, or raise `ServiceError`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if port_open(host, port):
            return
        time.sleep(0.2)
    raise ServiceError(f"{what} did not answer at {host}:{port} within {timeout_s:.0f} s")


@dataclass
class DevServices:
    """Ensures both servers answer; remembers which ones it started."""

    amqp_url: str = DEFAULT_AMQP_URL
    mongodb_uri: str = DEFAULT_MONGODB_URI
    mongo_data_dir: str | None = None
    started: list[str] = field(default_factory=list)
    _mongo_proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def from_env(cls) -> DevServices:
        """Use `AMQP_URL`, `MONGODB_URI`, `MONGOECO_DATA_DIR` when set."""
        return cls(
            amqp_url=os.environ.get("AMQP_URL", DEFAULT_AMQP_URL),
            mongodb_uri=os.environ.get("MONGODB_URI", DEFAULT_MONGODB_URI),
            mongo_data_dir=os.environ.get("MONGOECO_DATA_DIR") or None,
        )

    def ensure(self) -> None:
        """Start whatever does not answer; raise `ServiceError` with a clear message otherwise."""
        self.ensure_rabbitmq()
        self.ensure_mongo()

    def ensure_or_log(self) -> bool:
        """`ensure`, logging the reason and answering False when a service cannot be had."""
        try:
            self.ensure()
        except ServiceError as exc:
            log(f"cannot start: {exc}")
            return False
        return True

    def ensure_rabbitmq(self) -> None:
        """RabbitMQ answers at `amqp_url` (its first node), starting the local server if
        needed."""
        host, port = host_port(self.amqp_url, 5672)
        if port_open(host, port):
            if amqp_answers(host, port):
                log(f"RabbitMQ answers at {host}:{port}")
                return
            self._restart_hung_rabbitmq(host, port)
            return
        if host not in ("127.0.0.1", "localhost") or shutil.which("rabbitmq-server") is None:
            raise ServiceError(
                f"RabbitMQ is not answering at {host}:{port} and cannot be started here"
            )
        log("RabbitMQ is down: starting it with `rabbitmq-server -detached`")
        start_local_rabbitmq()
        wait_for_port(host, port, 90, "RabbitMQ")
        self._remember("rabbitmq")
        time.sleep(2)  # the listener opens a moment before the broker accepts logins

    def _restart_hung_rabbitmq(self, host: str, port: int) -> None:
        """The port accepts connections but AMQP never answers: a hung local node."""
        if os.environ.get("HRFLOW_RESTART_HUNG_BROKER") != "1" or host not in LOCAL_HOSTS:
            raise ServiceError(
                f"RabbitMQ at {host}:{port} accepts connections but does not answer AMQP; "
                "restart it (or set HRFLOW_RESTART_HUNG_BROKER=1 to let the tests do it)"
            )
        log("RabbitMQ accepts connections but does not answer AMQP: restarting the node")
        subprocess.run(["pkill", "-9", "-f", "beam.smp"], check=False)
        time.sleep(2)
        start_local_rabbitmq()
        wait_for_port(host, port, 90, "RabbitMQ")
        deadline = time.monotonic() + 60
        while not amqp_answers(host, port):
            if time.monotonic() > deadline:
                raise ServiceError("RabbitMQ did not answer AMQP after a restart")
            time.sleep(1)

    def ensure_mongo(self) -> None:
        """A Mongo server answers at `mongodb_uri`, starting mongoeco if needed."""
        host, port = host_port(self.mongodb_uri, 27017)
        if port_open(host, port):
            log(f"Mongo server answers at {host}:{port}")
            return
        if not MONGO_PYTHON.exists():
            raise ServiceError(
                f"no Mongo server at {host}:{port} and no {MONGO_PYTHON}: run `make install`"
            )
        self._mongo_proc = start_mongoeco(port, self.mongo_data_dir)
        wait_for_port(host, port, 60, "the mongoeco emulator")
        self._remember("mongoeco", self._mongo_proc.pid)
        log(f"started the mongoeco emulator at {host}:{port} (pid {self._mongo_proc.pid})")

    def stop(self) -> None:
        """Stop only what this object (or a previous `ensure` run) started."""
        for name in list(self.started):
            stop_remembered(name)
        self.started.clear()

    def _remember(self, name: str, pid: int | None = None) -> None:
        self.started.append(name)
        RUN_DIR.mkdir(exist_ok=True)
        (RUN_DIR / f"{name}.started").write_text(str(pid or ""))


RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")


def start_local_rabbitmq() -> None:
    """`rabbitmq-server -detached`, with its open-files limit raised to the hard limit.

    RabbitMQ's file-handle cache takes its budget from the soft limit (1 024 by default here,
    so 927 handles), and every quorum queue holds about three of them: near 300 queues the
    node stops accepting connections (the port is open, AMQP never answers). Debian's wrapper
    starts the node through `su`, which resets the limit, so it is raised inside `su`.
    """
    if os.geteuid() == 0 and RABBITMQ_BIN.exists():
        command = f"ulimit -n $(ulimit -Hn); exec {RABBITMQ_BIN} -detached"
        subprocess.run(
            ["su", "rabbitmq", "-s", "/bin/sh", "-c", command],
            cwd="/var/lib/rabbitmq",
            check=False,
        )
        return
    subprocess.run(["rabbitmq-server", "-detached"], check=False)


def local_queue_names(*, idle_only: bool = False) -> list[str] | None:
    """Every queue of the local RabbitMQ node (`rabbitmqctl`), or only those no consumer
    reads (`idle_only`), or None when it cannot tell."""
    if shutil.which("rabbitmqctl") is None:
        return None
    try:
        listed = subprocess.run(
            ["rabbitmqctl", "list_queues", "name", "consumers", "--formatter", "json", "-q"],
            capture_output=True,
            check=True,
            timeout=60,
            text=True,
        )
        rows = json.loads(listed.stdout or "[]")
        return [r["name"] for r in rows if not (idle_only and int(r.get("consumers") or 0))]
    except (subprocess.SubprocessError, ValueError, KeyError, TypeError):
        return None


def delete_queues(amqp_url: str, names: list[str]) -> int:
    """Delete these queues (missing ones are fine); returns how many were deleted."""
    if not names:
        return 0

    async def run() -> int:
        import aio_pika  # only the tests and tools need it here

        connection = await aio_pika.connect(amqp_url.split(",")[0])
        async with connection:
            channel = await connection.channel()
            for name in names:
                await channel.queue_delete(name)
        return len(names)

    return asyncio.run(run())


def start_mongoeco(
    port: int, data_dir: str | None = None, log_path: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start the emulator as a child process (data in memory unless `data_dir`)."""
    RUN_DIR.mkdir(exist_ok=True)
    args = [str(MONGO_PYTHON), str(MONGO_SCRIPT), "--port", str(port)]
    if data_dir:
        args += ["--data-dir", data_dir]
    out = open(log_path or RUN_DIR / f"mongoeco-{port}.log", "ab")  # noqa: SIM115 - child owns it
    return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop_remembered(name: str) -> None:
    """Stop one service recorded under `.run/`."""
    marker = RUN_DIR / f"{name}.started"
    if name == "mongoeco" and marker.exists() and marker.read_text().strip():
        with suppress(ProcessLookupError, ValueError):
            os.kill(int(marker.read_text().strip()), 15)
            log("stopped the mongoeco emulator we started")
    elif name == "rabbitmq":
        subprocess.run(["rabbitmqctl", "stop"], check=False, capture_output=True)
        log("stopped the RabbitMQ server we started")
    marker.unlink(missing_ok=True)


def _remembered() -> list[str]:
    return [p.stem for p in RUN_DIR.glob("*.started")] if RUN_DIR.exists() else []


def log(text: str) -> None:
    """Print a service message to stderr (visible in test and CI logs)."""
    print(f"[devservices] {text}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    """`ensure`, `stop` or `status`."""
    command = argv[0] if argv else "status"
    services = DevServices.from_env()
    try:
        if command == "ensure":
            services.ensure()
        elif command == "stop":
            for name in _remembered():
                stop_remembered(name)
        elif command == "status":
            for name, url, port in (
                ("RabbitMQ", services.amqp_url, 5672),
                ("Mongo", services.mongodb_uri, 27017),
            ):
                host, p = host_port(url, port)
                log(f"{name} at {host}:{p}: {'up' if port_open(host, p) else 'DOWN'}")
        else:
            log(f"unknown command {command!r}: use ensure, stop or status")
            return 2
    except ServiceError as exc:
        log(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
