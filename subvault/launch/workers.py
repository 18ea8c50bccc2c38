"""``subvault run --workers N``: N processes serve one bot in webhook mode.

The parent binds the API's listening socket once and starts N workers that inherit it; the
kernel hands each incoming connection (a Telegram delivery, a payment callback) to one of them.
Each worker is a whole ``subvault run`` (payment app, webhook intake, outbox sender) on the
shared store, where the dialog state and the anti-flood buckets live, so any worker can take
any customer's next update. A worker that dies is started again; SIGINT/SIGTERM stop them all.
Polling takes updates in one process only, so more than one worker needs BOT_MODE=webhook.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time

from core.config import Settings
from subvault.context import EXIT_FAILURE, fail

log = logging.getLogger("subvault")
RESTART_PAUSE_SECONDS = 1.0


def check_workers(settings: Settings, workers: int) -> None:
    if workers < 1:
        fail("--workers must be at least 1")
    if workers > 1 and (settings.bot_mode != "webhook" or settings.customer_bot_token is None):
        fail("--workers above 1 needs webhook mode (BOT_MODE=webhook and CUSTOMER_BOT_TOKEN): "
             "polling takes updates in one process only")


def listening_socket(settings: Settings) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in settings.api_host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.api_host, settings.api_port))
    except OSError as exc:
        fail(f"cannot listen on {settings.api_host}:{settings.api_port}: {exc.strerror}",
             EXIT_FAILURE)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _start(fd: int, index: int) -> subprocess.Popen[bytes]:
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and console script
        [sys.executable, "-m", "subvault.cli", "run", "--worker-fd", str(fd)],
        pass_fds=(fd,), env=os.environ | {"SUBVAULT_WORKER": str(index)})
    log.info("worker %d started (pid %d)", index, child.pid)
    return child


def supervise(settings: Settings, workers: int) -> int:
    sock = listening_socket(settings)
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    children = {index: _start(sock.fileno(), index) for index in range(workers)}
    print(f"subvault: {workers} workers serve the customer bot by webhook on "
          f"{settings.api_host}:{settings.api_port}", flush=True)
    while not stopping:
        time.sleep(0.2)
        for index, child in list(children.items()):
            code = child.poll()
            if code is not None and not stopping:
                log.warning("worker %d (pid %d) exited with %s; starting it again", index,
                            child.pid, code)
                time.sleep(RESTART_PAUSE_SECONDS)
                children[index] = _start(sock.fileno(), index)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children.values():
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
    sock.close()
    return 0
