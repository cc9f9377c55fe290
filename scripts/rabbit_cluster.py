"""A RabbitMQ cluster of N nodes on this machine, from the installed RabbitMQ.

Usage: python scripts/rabbit_cluster.py start|stop|status|urls [--nodes 3] [--dir DIR]
                                         [--base-port 5701]

Each node has its own name (`hrflow-c1@localhost`, ...), AMQP port (`base-port + i`),
distribution port (`base-port + 20000 + i`), data and log directory under `--dir`, one shared
Erlang cookie, and no plugins (so no second management listener on 15672). The nodes after
the first join the first one's cluster. `stop` stops every node and removes the directory;
`urls` prints the comma list that `AMQP_URL` takes. The machine's own broker (5672) is not
touched. Used by `make cluster` and the `cluster` tests (tests/chaos/test_cluster.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

RABBIT_BIN = Path(os.environ.get("RABBITMQ_BIN", "/usr/lib/rabbitmq/bin"))
DEFAULT_DIR = Path(os.environ.get("HRFLOW_CLUSTER_DIR", "/tmp/hrflow-rabbit-cluster"))
START_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Node:
    """One node of the cluster and where it keeps its files."""

    index: int
    base_port: int
    root: Path

    @property
    def name(self) -> str:
        return f"hrflow-c{self.index}@localhost"

    @property
    def port(self) -> int:
        return self.base_port + self.index - 1

    @property
    def home(self) -> Path:
        return self.root / f"n{self.index}"

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def env(self) -> dict[str, str]:
        """The environment this node's server and `rabbitmqctl` run with: its own names,
        ports and directories, the cluster's cookie (`HOME`), none of the machine's config."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("RABBITMQ_")}
        env.update(
            HOME=str(self.root),  # $HOME/.erlang.cookie: one cookie for every node
            RABBITMQ_NODENAME=self.name,
            RABBITMQ_NODE_IP_ADDRESS="127.0.0.1",
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(self.port + 20000),
            RABBITMQ_CONF_ENV_FILE=str(self.home / "rabbitmq-env.conf"),
            RABBITMQ_CONFIG_FILE=str(self.home / "rabbitmq.conf"),
            RABBITMQ_ADVANCED_CONFIG_FILE=str(self.home / "advanced.config"),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(self.home / "enabled_plugins"),
            RABBITMQ_MNESIA_BASE=str(self.home / "mnesia"),
            RABBITMQ_MNESIA_DIR=str(self.home / "mnesia" / self.name),
            RABBITMQ_LOG_BASE=str(self.home / "log"),
            RABBITMQ_PID_FILE=str(self.home / "rabbit.pid"),
            RABBITMQ_USE_LONGNAME="false",
            ERL_EPMD_ADDRESS="127.0.0.1",
        )
        return env

    def write_files(self) -> None:
        (self.home / "log").mkdir(parents=True, exist_ok=True)
        (self.home / "mnesia").mkdir(parents=True, exist_ok=True)
        (self.home / "rabbitmq-env.conf").write_text("")
        (self.home / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\n"
            "loopback_users = none\n"
            "cluster_partition_handling = pause_minority\n"
        )
        (self.home / "advanced.config").write_text("[].\n")
        (self.home / "enabled_plugins").write_text("[].\n")

    def run_ctl(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        """`rabbitmqctl -n <this node> <args>` with this node's environment."""
        return subprocess.run(
            [str(RABBIT_BIN / "rabbitmqctl"), "-n", self.name, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def ctl(self, *args: str, check: bool = True, timeout: float = 60.0) -> str:
        done = self.run_ctl(*args, timeout=timeout)
        if check and done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)} on {self.name}: {done.stderr}")
        return done.stdout

    def start(self) -> None:
        self.write_files()
        subprocess.run(
            [str(RABBIT_BIN / "rabbitmq-server"), "-detached"],
            env=self.env(),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def await_startup(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            done = self.run_ctl("await_startup", timeout=START_TIMEOUT_S)
            if done.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start: {done.stderr}")
            time.sleep(0.5)

    def pid(self) -> int | None:
        try:
            return int((self.home / "rabbit.pid").read_text().strip())
        except (OSError, ValueError):
            return None


def kill(node: Node) -> None:
    """SIGKILL the node's VM, as a crash or the OOM killer would."""
    pid = node.pid()
    if pid:
        os.kill(pid, 9)
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)


def restart(node: Node) -> None:
    """Start a stopped or killed node again; it rejoins its cluster from its own data."""
    node.start()
    node.await_startup()


def queue_leaders(node: Node, prefix: str) -> dict[str, str]:
    """Queue name -> the node leading it, for the queues whose names start with `prefix`."""
    out = node.ctl("list_queues", "name", "leader", "--formatter", "json")
    return {q["name"]: q["leader"] for q in json.loads(out) if q["name"].startswith(prefix)}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def nodes_of(count: int, base_port: int, root: Path) -> list[Node]:
    return [Node(i, base_port, root) for i in range(1, count + 1)]


def start(nodes: list[Node]) -> None:
    """Start every node and join them into one cluster (idempotent: a running cluster of
    these nodes is left as it is)."""
    root = nodes[0].root
    root.mkdir(parents=True, exist_ok=True)
    cookie = root / ".erlang.cookie"
    if not cookie.exists():
        cookie.write_text(secrets.token_hex(20).upper())
        cookie.chmod(0o400)
    if all(_running(n) for n in nodes) and _clustered(nodes):
        return
    for node in nodes:
        if not _running(node):
            node.start()
    for node in nodes:
        node.await_startup()
    first = nodes[0]
    for node in nodes[1:]:
        if first.name in _members(node):
            continue
        node.ctl("stop_app")
        node.ctl("join_cluster", first.name)
        node.ctl("start_app")
        node.await_startup()


def stop(nodes: list[Node]) -> None:
    """Stop every node (gracefully, then by signal) and remove the cluster's directory."""
    for node in reversed(nodes):
        if _running(node):
            node.ctl("stop", check=False, timeout=60)
        pid = node.pid()
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
    shutil.rmtree(nodes[0].root, ignore_errors=True)


def _running(node: Node) -> bool:
    return node.home.exists() and node.run_ctl("-t", "5", "ping", timeout=30).returncode == 0


def _members(node: Node) -> set[str]:
    out = node.ctl("cluster_status", "--formatter", "json", check=False)
    try:
        return set(json.loads(out).get("running_nodes", []))
    except ValueError:
        return set()


def _clustered(nodes: list[Node]) -> bool:
    return _members(nodes[0]) >= {n.name for n in nodes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["start", "stop", "status", "urls"])
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--base-port", type=int, default=5701)
    args = parser.parse_args()
    nodes = nodes_of(args.nodes, args.base_port, args.dir)
    if args.command == "start":
        start(nodes)
        print(",".join(n.url for n in nodes))
    elif args.command == "stop":
        stop(nodes)
    elif args.command == "urls":
        print(",".join(n.url for n in nodes))
    else:
        running = [n.name for n in nodes if _running(n)]
        print(f"running: {', '.join(running) or 'none'}")
        sys.exit(0 if len(running) == len(nodes) else 1)


if __name__ == "__main__":
    main()
