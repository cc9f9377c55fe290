"""The real client address of a request, honouring only configured trusted proxies."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(
        ipaddress.ip_network(item.strip(), strict=False) for item in trusted if item.strip()
    )


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request, trusted_proxies: list[str]) -> str:
    """The peer address, or — when the peer is a trusted proxy — the nearest untrusted hop.

    `X-Forwarded-For` is read right to left: each trusted proxy appends the address it saw, so
    the first address from the right that is not a trusted proxy is the client. A header sent
    by an untrusted peer is ignored (anyone can forge it).
    """
    peer = request.client.host if request.client else ""
    networks = _networks(tuple(trusted_proxies))
    if not networks or not _is_trusted(peer, networks):
        return peer or "unknown"
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else peer
