"""Run a command in a network of its own, with listeners where a leak would go.

    unshare -n python tripwire.py REPORT -- COMMAND...

Meant to run as root inside a new network namespace (``unshare -n``), which has a loopback
interface and nothing else: no packet can leave the machine. This script brings loopback up,
puts the documentation addresses that the generated tests aim at (and the name servers of
/etc/resolv.conf) on it, and listens there. Whatever a broken guard lets out arrives at a
listener instead of failing unseen, and is written to REPORT, one line per connection or
datagram. The listeners check themselves first; then COMMAND runs, and its exit status is
this script's.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

# Where the generated network tests aim (RFC 5737, RFC 3849), and the ports they use.
TARGETS = ("192.0.2.1", "2001:db8::1")
PORTS = (25, 53, 80, 443)
NAMESERVER = re.compile(r"^\s*nameserver\s+(\S+)", re.MULTILINE)


def nameservers(resolv_conf: Path = Path("/etc/resolv.conf")) -> list[str]:
    """The name servers a DNS lookup would ask: a lookup the guard let out goes there."""
    text = resolv_conf.read_text(encoding="utf-8") if resolv_conf.exists() else ""
    return [address for address in NAMESERVER.findall(text) if "%" not in address]


def put_on_loopback(addresses: list[str]) -> None:
    """Bring loopback up with these addresses, so that they are reachable, and only here."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for address in addresses:
        parsed = ipaddress.ip_address(address)
        if not parsed.is_loopback:
            prefix = 32 if parsed.version == 4 else 128
            subprocess.run(["ip", "addr", "add", f"{address}/{prefix}", "dev", "lo"], check=True)


class Listeners:
    """A TCP and a UDP listener on each (address, port); records who reached which."""

    def __init__(self, addresses: list[str], ports: tuple[int, ...]) -> None:
        self.hits: list[str] = []
        self.sockets: list[socket.socket] = []
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            for port in ports:
                tcp = socket.socket(family, socket.SOCK_STREAM)
                tcp.bind((address, port))
                tcp.listen()
                udp = socket.socket(family, socket.SOCK_DGRAM)
                udp.bind((address, port))
                self.sockets += [tcp, udp]
                threading.Thread(target=self.accept, args=(tcp,), daemon=True).start()
                threading.Thread(target=self.receive, args=(udp,), daemon=True).start()

    def accept(self, listener: socket.socket) -> None:
        while True:
            connection, peer = listener.accept()
            self.hits.append(f"TCP {listener.getsockname()[:2]} from {peer[:2]}")
            connection.close()

    def receive(self, listener: socket.socket) -> None:
        while True:
            _, peer = listener.recvfrom(65536)
            self.hits.append(f"UDP {listener.getsockname()[:2]} from {peer[:2]}")

    def wait_for(self, count: int) -> bool:
        """Whether ``count`` hits arrive within five seconds."""
        deadline = time.monotonic() + 5
        while len(self.hits) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(self.hits) >= count


def self_check(listeners: Listeners) -> None:
    """Reach the first target over TCP and UDP: the listeners must see both."""
    with socket.create_connection((TARGETS[0], 80), timeout=5):
        pass
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(b"self-check", (TARGETS[0], 53))
    if not listeners.wait_for(2):
        sys.exit(f"tripwire: the listeners did not see the self-check: {listeners.hits}")
    listeners.hits.clear()


def main(argv: list[str]) -> int:
    report, separator, *command = argv
    if separator != "--" or not command:
        sys.exit("usage: tripwire.py REPORT -- COMMAND...")
    addresses = list(dict.fromkeys([*TARGETS, *nameservers()]))
    put_on_loopback(addresses)
    listeners = Listeners(addresses, PORTS)
    self_check(listeners)
    status = subprocess.run(command, check=False).returncode
    Path(report).write_text("".join(f"{hit}\n" for hit in listeners.hits), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
