"""Webhook targets: https in production, and never an address inside our network (SSRF)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from app.config import Settings


class UnsafeTarget(ValueError):
    """The URL may not receive webhooks; the message says why (no address is echoed)."""


def _allowed(address: str, settings: Settings) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:  # the exemption is for a receiver on 127.0.0.1 in tests and development
        return (settings.webhook_allow_loopback and not settings.is_production
                and isinstance(ip, ipaddress.IPv4Address))
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local)


async def check_target(url: str, settings: Settings) -> None:
    """Refuse a URL whose scheme or any resolved address is not allowed; checked at
    registration and again before every delivery (DNS may change in between)."""
    parts = urlsplit(url)
    if parts.scheme != "https" and (settings.is_production or parts.scheme != "http"):
        raise UnsafeTarget("webhook URLs must use https")
    if parts.username or parts.password:
        raise UnsafeTarget("webhook URLs may not carry credentials")
    host = parts.hostname
    if not host:
        raise UnsafeTarget("the URL has no host")
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeTarget("the host does not resolve") from None
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(_allowed(a, settings) for a in addresses):
        raise UnsafeTarget("the host resolves to a private, loopback or reserved address")
