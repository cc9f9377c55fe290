"""Broker runtime: topology, confirmed publishing, the consumer loop and settling.

Only this package acks, rejects, retries or dead-letters messages.
"""

from common.broker.connection import connect
from common.broker.context import Context, Handler, Hook
from common.broker.middleware import Middleware, Observe, SkipCancelled, TimeLimit
from common.broker.publisher import Publisher, to_amqp
from common.broker.settle import Settler, judge
from common.broker.topology import GROUP_BINDINGS, GROUPS, Topology
from common.broker.worker import RunningWorker, Worker, run_worker, serve_worker

__all__ = [
    "GROUPS",
    "GROUP_BINDINGS",
    "Context",
    "Handler",
    "Hook",
    "Middleware",
    "Observe",
    "Publisher",
    "RunningWorker",
    "Settler",
    "SkipCancelled",
    "TimeLimit",
    "Topology",
    "Worker",
    "connect",
    "judge",
    "run_worker",
    "serve_worker",
    "to_amqp",
]
