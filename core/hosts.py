"""Host names: whether one stays on this machine (the sandbox gateway and the playground are
served on loopback addresses only)."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (IPv4 or IPv6, with or without brackets)."""
    host = host.strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
