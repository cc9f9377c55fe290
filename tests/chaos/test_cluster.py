"""hrflow on a three-node RabbitMQ cluster: a node lost, a node paused, a rolling restart.

The cluster is three nodes of the installed RabbitMQ on this machine
(`scripts/rabbit_cluster.py`), every quorum queue with three replicas
(`QUORUM_GROUP_SIZE=3`), and every service given the three nodes' URLs. Each fault runs
during a 100-resume workflow and must end exactly as the clean run did: completed, one
result per resume, every score and fit the same, nothing dead-lettered. The longest stall of
progress during each fault is printed (`-s`) and bounded.

The first test pins down the RabbitMQ 3.10 behaviour behind the publisher's nack retry (see
`common/broker/publisher.py`): a channel whose first publish to a quorum queue races the
failover of that queue's leader is nacked on every later publish, and a new channel is not.

Marker `cluster`: not in `make test` (the suite stays under 15 minutes); `make test-cluster`
runs it, and `.ci/run` runs both.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aio_pika
import pytest

from common.broker import GROUPS, Publisher, Topology
from common.broker.dlq import DeadLetters
from common.settings import Settings
from scripts import rabbit_cluster
from tests.chaos.conftest import (
    Chaos,
    assert_same_as_clean,
    outcome,
    running_chaos,
    wait_terminal,
)
from tests.conftest import RUN_ID

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(900)]

NODES = 3
LONGEST_STALL_S = 90.0  # progress may pause while queues elect leaders and clients move


@pytest.fixture(scope="module")
def cluster_nodes() -> list[rabbit_cluster.Node]:
    if not (rabbit_cluster.RABBIT_BIN / "rabbitmq-server").exists():
        pytest.skip(f"RabbitMQ is not installed here ({rabbit_cluster.RABBIT_BIN})")
    root = Path(f"/tmp/hrflow-cluster-{RUN_ID}")
    nodes = rabbit_cluster.nodes_of(NODES, 5711, root)
    rabbit_cluster.start(nodes)
    yield nodes
    rabbit_cluster.stop(nodes)


@pytest.fixture(scope="module")
async def cluster(cluster_nodes: list[rabbit_cluster.Node]) -> AsyncIterator[Chaos]:
    urls = ",".join(n.url for n in cluster_nodes)
    async with running_chaos(urls, f"k{RUN_ID}", quorum_group_size=NODES) as harness:
        yield harness


async def _run_watching(chaos: Chaos, fault) -> tuple[dict, float]:
    """Run a workflow with `fault`, and measure the longest time its progress stood still."""
    workflow_id = await chaos.start()
    longest = 0.0
    done = asyncio.Event()

    async def watch() -> None:
        nonlocal longest
        seen, since = -1, time.monotonic()
        while not done.is_set():
            try:
                execution = await chaos.client.execution(workflow_id)
                count = sum(
                    int((a.get("counts") or {}).get(k) or 0)
                    for a in execution.get("agents", [])
                    for k in ("processed", "failed")
                )
            except Exception:  # noqa: BLE001 - the gateway may be between nodes
                count = seen
            now = time.monotonic()
            if count != seen:
                seen, since = count, now
            longest = max(longest, now - since)
            await asyncio.sleep(0.5)

    watcher = asyncio.create_task(watch())
    try:
        await fault(chaos, workflow_id)
        execution = await wait_terminal(chaos.client, workflow_id, 600)
    finally:
        done.set()
        await watcher
    return await outcome(chaos.settings, execution), longest


async def _dead_letters(chaos: Chaos) -> int:
    return sum(d.depth for d in await DeadLetters(chaos.settings).depths())


def _leading_most(nodes: list[rabbit_cluster.Node], prefix: str) -> rabbit_cluster.Node:
    counts = Counter(rabbit_cluster.queue_leaders(nodes[0], prefix).values())
    name = counts.most_common(1)[0][0]
    return next(n for n in nodes if n.name == name)


async def test_publishes_nacked_during_a_leader_failover_go_out_on_a_new_channel(
    cluster_nodes, caplog
):
    victim, survivor = cluster_nodes[-1], cluster_nodes[0]
    settings = Settings(amqp_url=survivor.url, broker_prefix=f"r{RUN_ID}", quorum_group_size=NODES)
    topology = Topology.from_settings(settings)
    declaring = await aio_pika.connect(victim.url)  # queues are led by the declaring node
    await topology.declare(await declaring.channel())
    await declaring.close()
    queues = [topology.work_queue(g) for g in GROUPS] + [
        topology.dead_letter_queue(g) for g in GROUPS
    ]
    control = await aio_pika.connect(survivor.url)
    raw = await control.channel(publisher_confirms=True)
    publisher = await Publisher.open(settings, "failover-test")

    async def raw_nacks() -> int:
        nacked = 0
        for queue in queues:
            try:
                await raw.default_exchange.publish(aio_pika.Message(b"{}"), queue, timeout=10)
            except aio_pika.exceptions.DeliveryError:
                nacked += 1
        return nacked

    caplog.set_level("WARNING", logger="common.broker.publisher")
    try:
        rabbit_cluster.kill(victim)
        in_window = await raw_nacks()
        started = time.monotonic()
        for queue in queues:  # must all be confirmed, however many nacks it takes
            await publisher.send_to_queue(queue, aio_pika.Message(b"{}"))
        took = time.monotonic() - started
        await asyncio.sleep(2)
        later = await raw_nacks()
    finally:
        await publisher.close()
        await control.close()
        await asyncio.to_thread(rabbit_cluster.restart, victim)
        cleanup = await aio_pika.connect(survivor.url)
        await topology.delete(await cleanup.channel())
        await cleanup.close()
    resent = sum("on a new channel" in r.getMessage() for r in caplog.records)
    print(
        f"\nleader failover: a raw channel had {in_window}/{len(queues)} publishes nacked in the"
        f" window and still {later}/{len(queues)} two seconds later; the publisher re-sent"
        f" {resent} nacked publishes on new channels and had all confirmed in {took:.1f} s"
    )


async def test_the_node_leading_most_queues_is_killed(cluster, cluster_nodes):
    prefix = Topology.from_settings(cluster.settings).prefix
    victim = _leading_most(cluster_nodes, prefix)
    survivors = [n for n in cluster_nodes if n is not victim]

    async def fault(chaos: Chaos, workflow_id: str) -> None:
        await chaos.wait_progress(workflow_id, "resume-reader", 10)
        await asyncio.to_thread(rabbit_cluster.kill, victim)

    try:
        got, stall = await _run_watching(cluster, fault)
        leaders = rabbit_cluster.queue_leaders(survivors[0], prefix)
    finally:
        await asyncio.to_thread(rabbit_cluster.restart, victim)
    print(f"\nkill -9 {victim.name}: longest stall {stall:.1f} s")
    assert_same_as_clean(cluster, got)
    assert await _dead_letters(cluster) == 0
    assert victim.name not in set(leaders.values())  # the queues moved to the survivors
    assert stall < LONGEST_STALL_S


async def test_a_node_paused_for_twenty_seconds(cluster, cluster_nodes):
    paused = cluster_nodes[1]

    async def fault(chaos: Chaos, workflow_id: str) -> None:
        await chaos.wait_progress(workflow_id, "resume-reader", 10)
        await asyncio.to_thread(paused.ctl, "stop_app")
        await asyncio.sleep(20)
        await asyncio.to_thread(paused.ctl, "start_app")

    got, stall = await _run_watching(cluster, fault)
    print(f"\nstop_app {paused.name} for 20 s: longest stall {stall:.1f} s")
    assert_same_as_clean(cluster, got)
    assert await _dead_letters(cluster) == 0
    assert stall < LONGEST_STALL_S


async def test_a_rolling_restart_of_every_node(cluster, cluster_nodes):
    async def fault(chaos: Chaos, workflow_id: str) -> None:
        await chaos.wait_progress(workflow_id, "resume-reader", 5)
        for node in cluster_nodes:
            await asyncio.to_thread(node.ctl, "stop", check=False, timeout=120)
            await asyncio.to_thread(rabbit_cluster.restart, node)

    got, stall = await _run_watching(cluster, fault)
    print(f"\nrolling restart of {len(cluster_nodes)} nodes: longest stall {stall:.1f} s")
    assert_same_as_clean(cluster, got)
    assert await _dead_letters(cluster) == 0
    assert stall < LONGEST_STALL_S
    work = [Topology.from_settings(cluster.settings).work_queue(g) for g in GROUPS]
    leaders = rabbit_cluster.queue_leaders(cluster_nodes[0], work[0])
    assert leaders  # the queues survived every node's restart
