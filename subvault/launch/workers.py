"""``subvault run --workers N``: N processes serve one bot in webhook mode.

The parent binds the API's listening socket once and forks N workers that inherit it; the
kernel hands each incoming connection (a Telegram delivery, a payment callback) to one of them.
Each worker is a whole ``subvault run`` (payment app, webhook intake, outbox sender) on the
shared store, where the dialog state and the anti-flood buckets live, so any worker can take
any customer's next update. The admin bot (when configured) is polled by worker 0 only. A
worker that dies is started again; SIGINT/SIGTERM stop them all.
Polling takes updates in one process only, so more than one worker needs BOT_MODE=webhook.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import time

from core.config import Settings
from subvault.context import EXIT_FAILURE, fail

log = logging.getLogger("subvault")
RESTART_PAUSE_SECONDS = 0.5


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


def _start(settings: Settings, fd: int, index: int) -> int:
    """Fork a worker: it starts serving at once, on the modules this process already imported
    (a fresh interpreter would spend seconds importing them again, on every restart)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the worker
        code = EXIT_FAILURE
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.environ["SUBVAULT_WORKER"] = str(index)
            from subvault.launch import together

            code = int(together.serve(settings, listen_fd=fd, worker=index) or 0)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else EXIT_FAILURE
        except BaseException:
            log.exception("worker %d failed", index)
        finally:
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    log.info("worker %d started (pid %d)", index, pid)
    return pid


def _exit_code(status: int) -> int | str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return os.WEXITSTATUS(status)


def _stop_all(children: dict[int, int], grace: float = 30.0) -> None:
    for pid in children.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    waiting = set(children.values())
    deadline = time.monotonic() + grace
    while waiting and time.monotonic() < deadline:
        for pid in list(waiting):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                waiting.discard(pid)
        time.sleep(0.05)
    for pid in waiting:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def supervise(settings: Settings, workers: int) -> int:
    sock = listening_socket(settings)
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    from subvault.launch import together  # noqa: F401 - imported once, before the forks

    # Telegram's per-bot send limit is shared: each worker sends at its share of it.
    share = settings.model_copy(update={"telegram_send_rate":
                                        settings.telegram_send_rate / workers})
    children = {index: _start(share, sock.fileno(), index) for index in range(workers)}
    print(f"subvault: {workers} workers serve the customer bot by webhook on "
          f"{settings.api_host}:{settings.api_port}", flush=True)
    while not stopping:
        time.sleep(0.1)
        for index, pid in list(children.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done and not stopping:
                log.warning("worker %d (pid %d) exited with %s; starting it again", index,
                            pid, _exit_code(status))
                time.sleep(RESTART_PAUSE_SECONDS)
                children[index] = _start(share, sock.fileno(), index)
    _stop_all(children)
    sock.close()
    return 0
