"""Mutation testing of the money-moving modules: how many planted bugs do their tests catch?

Not part of CI (it takes minutes). Works on a temporary copy of the project, never on the
checkout. A small AST mutator (no third-party tool: mutmut 3 copies the project into its own
``mutants/`` tree and first runs the whole suite, MongoDB leg included, to collect its stats —
too slow for this machine) makes one change per mutant:

  comparison flipped (< <=, > >=, == !=, in / not in, is / is not), + and - swapped,
  an integer constant off by one, a unary minus dropped, ``and``/``or`` swapped, ``True`` /
  ``False`` swapped, a call statement (``await x(...)``) dropped.

Mutants inside logging calls (their arguments, or the call itself dropped) and inside decorator
arguments (``@dataclass(frozen=True)``) are generated but skipped, and counted per reason in the
output. Strings (docstrings included) have no mutation operator.

Speed: the bench imports pytest, the project and the test modules once (a ``--collect-only``
pass in its own process), then forks one child per mutant, at most ``--jobs`` at a time. The
child swaps the mutated function's code object in place (``function.__code__``), so every
reference to the function sees the mutant, and runs ``pytest.main`` in-process on only the tests
that reach that function (SQLite leg, ``-x``). Mutants outside any function (module or class
level, argument defaults) are written to the copy and the project's modules are dropped from
``sys.modules`` in the child, so that pytest imports them afresh. Which tests reach which
function comes from one traced run (``sys.setprofile``) of the modules' test files. Each
mutant's timeout is relative to the baseline time of its tests. A mutant whose function no test
reaches counts as survived.

Prints the mutants killed, survived and timed out and each survivor's location. A survivor listed
in ``EQUIVALENT`` (a mutant that behaves exactly like the original, with the reason) is printed
apart with its reason and not counted as survived; a listed mutant that a test kills, or that no
longer exists, is printed too, so the list stays true. ``score`` is (killed + timed out) / (killed
+ timed out + survived); ``score_counting_equivalent`` counts the equivalent ones as survivors.
The last line is one line of JSON:
``{"bench": "mutation", "killed": …, "survived": …, "timed_out": …, "equivalent": …,
"score": …, …}``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import importlib.abc
import importlib.util
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, FunctionType, ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = "tests/contract/"
TARGETS: dict[str, list[str]] = {
    "core/services/wallet.py": [f"{CONTRACT}test_ledger_contract.py",
                                f"{CONTRACT}test_order_refunds.py",
                                f"{CONTRACT}test_payments_gateway_refunds.py",
                                f"{CONTRACT}test_money_after_coupon.py",
                                f"{CONTRACT}test_purchase_contract.py"],
    "core/storage/sqlite/ledger.py": [f"{CONTRACT}test_ledger_contract.py",
                                      f"{CONTRACT}test_money_after_coupon.py",
                                      "tests/unit/test_sqlite_migrations.py"],
    "core/services/purchases.py": [f"{CONTRACT}test_purchase_contract.py",
                                   f"{CONTRACT}test_money_after_coupon.py",
                                   f"{CONTRACT}test_purchase_topup.py",
                                   f"{CONTRACT}test_order_refunds.py",
                                   f"{CONTRACT}test_purchase_rules.py"],
    "core/services/orders.py": [f"{CONTRACT}test_purchase_contract.py",
                                f"{CONTRACT}test_order_refunds.py",
                                f"{CONTRACT}test_purchase_rules.py",
                                f"{CONTRACT}test_money_after_coupon.py"],
    "core/services/coupons.py": ["tests/unit/test_coupons.py",
                                 f"{CONTRACT}test_coupons_contract.py",
                                 f"{CONTRACT}test_money_after_coupon.py"],
    "core/services/payments/settle.py": [f"{CONTRACT}test_payments_webhooks.py",
                                         f"{CONTRACT}test_payments_gateway_refunds.py",
                                         f"{CONTRACT}test_payments_topups.py",
                                         f"{CONTRACT}test_payments_stars.py",
                                         "tests/api/test_api_currency.py",
                                         f"{CONTRACT}test_payments_settle_edges.py"],
    "core/services/payments/webhooks.py": [f"{CONTRACT}test_payments_webhooks.py",
                                           f"{CONTRACT}test_payments_gateway_refunds.py",
                                           "tests/api/test_api_webhooks.py",
                                           f"{CONTRACT}test_payments_settle_edges.py"],
    "core/services/payments/refunds.py": [f"{CONTRACT}test_payments_refunds.py",
                                          f"{CONTRACT}test_admin_money_contract.py",
                                          f"{CONTRACT}test_payments_gateway_refunds.py"],
}
COPIED = ("core", "bot", "api", "jobs", "subvault", "tests", "locales", "pyproject.toml")
PROJECT_PACKAGES = {"core", "bot", "api", "jobs", "subvault", "tests", "conftest"}
SQLITE_ONLY = "not mongodb"
PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", "-o", "addopts=", "--no-header"]

# Survivors that no test can kill, because the mutant behaves exactly like the original. Keyed by
# (module, the mutated line's text, the change), so that a line moving does not lose its reason.
EQUIVALENT: dict[tuple[str, str, str], str] = {
    ("core/services/payments/refunds.py", 'balance = int(exc.params.get("balance", 0))',
     "0 -> 1"): "InsufficientFunds comes only from wallet.post, which always names the balance",
    ("core/services/wallet.py",
     "key=posting.key, reason=posting.reason, ref=posting.ref, balance_after=0,", "0 -> 1"):
        "a placeholder: every store's apply() returns the entry with the balance it computed",
    ("core/storage/sqlite/ledger.py", "return int(row[0]) if row else 0", "0 -> 1"):
        "the `else` value: COUNT(*) and COALESCE(SUM(..), 0) always return one row",
    ("core/storage/sqlite/ledger.py", "async def entries(self, user_id: int, limit: int = 20, "
     "offset: int = 0) -> list[LedgerEntry]:", "20 -> 21"):
        "every caller passes limit (wallet.statement, users.profile)",
    ("core/storage/sqlite/ledger.py", 'if row is None or "CHECK" not in row[0]:', "or -> and"):
        "version 1 always creates the wallets table, and rebuilding one without the CHECK "
        "gives the same table and rows",
    ("core/storage/sqlite/ledger.py", "async def apply(self, entry: LedgerEntry, *, "
     "allow_negative: bool = False", "False -> True"):
        "wallet.post, the only caller, always passes allow_negative",
    ("core/storage/sqlite/ledger.py",
     "if exists or (entry.amount < 0 and not allow_negative):", "< -> <="):
        "differs only for an amount of 0, which never reaches apply: credits, debits and "
        "adjustments refuse 0, the other postings skip it, and the ledger's CHECK refuses it",
    ("core/storage/sqlite/ledger.py",
     "if exists or (entry.amount < 0 and not allow_negative):", "0 -> 1"):
        "`< 1` is `<= 0` on integers: differs only for an amount of 0, which never reaches "
        "apply (see `< -> <=`)",
    ("core/services/coupons.py",
     "uses = await tx.coupons.user_uses(code, user_id) if coupon else 0", "0 -> 1"):
        "with no coupon check() refuses the code as unknown before it looks at the uses",
    ("core/services/purchases.py", 'balance = int(exc.params.get("balance", 0))', "0 -> 1"):
        "InsufficientFunds comes only from wallet.post, which always names the balance",
    ("core/services/purchases.py", "uses = await tx.coupons.user_uses(req.coupon_code, "
     "req.user_id) if coupon else 0", "0 -> 1"):
        "with no coupon check() refuses the code as unknown before it looks at the uses",
    ("core/services/purchases.py", "announce: bool = True) -> _Request:", "True -> False"):
        "only quote() leaves announce at its default, and a quote queues no message",
    ("core/services/purchases.py", "*, changed: bool, announce: bool = True) -> None:",
     "True -> False"): "_execute, the only caller, always passes announce",
    ("core/services/purchases.py",
     "hold_minutes: int = 30, topups: TopUpOpener | None = None,", "30 -> 31"):
        "core.bootstrap, the only caller, always passes hold_minutes from the settings",
    ("core/services/purchases.py", "min_topup: int = 1) -> None:", "1 -> 2"):
        "core.bootstrap, the only caller, always passes min_topup from the settings",
    ("core/services/orders.py",
     "limit: int = 50, offset: int = 0) -> list[Order]:", "50 -> 51"):
        "every caller passes limit (admin bot, CLI, for_user, pending)",
    ("core/services/orders.py",
     "async def for_user(self, user_id: int, limit: int = 20) -> list[Order]:", "20 -> 21"):
        "every caller passes limit (customer bot, admin bot)",
    ("core/services/orders.py", "async def pending(self, limit: int = 50) -> list[Order]:",
     "50 -> 51"): "every caller passes limit (the admin bot's attention list)",
    ("core/services/orders.py", "checked = check_line(0, [login, password, notes, totp])",
     "0 -> 1"): "the line number only labels an import report; deliver reads the fields and "
                "the reason, never the number",
    ("core/services/payments/webhooks.py", "stripe_live: bool = False) -> None:",
     "False -> True"): "PaymentsService, the only caller, always passes stripe_live",
}


# --- the traced run: which test calls which function ------------------------------------------

class Tracer:
    """A pytest plugin: per test, which functions of the target modules it called, and its time."""

    def __init__(self, root: str, targets: set[str]) -> None:
        self.root, self.targets = root, targets
        self.hits: dict[str, set[str]] = {}
        self.durations: dict[str, float] = {}
        self.keys: dict[CodeType, str | None] = {}
        self.current: str | None = None

    def _key(self, code: CodeType) -> str | None:
        path = code.co_filename
        if path.startswith(self.root):
            path = os.path.relpath(path, self.root)
            if path in self.targets:
                return f"{path}::{code.co_qualname}"
        return None

    def _profile(self, frame, event: str, _arg) -> None:
        if event != "call" or self.current is None:
            return
        code = frame.f_code
        try:
            key = self.keys[code]
        except KeyError:
            key = self.keys[code] = self._key(code)
        if key is not None:
            self.hits.setdefault(key, set()).add(self.current)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        import threading
        self.current = item.nodeid
        sys.setprofile(self._profile)
        threading.setprofile(self._profile)
        started = time.perf_counter()
        yield
        self.durations[item.nodeid] = time.perf_counter() - started
        sys.setprofile(None)
        threading.setprofile(None)
        self.current = None


def build_copy(workdir: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, ignore=ignore)
        else:
            shutil.copy2(source, workdir / name)


def enter_copy(workdir: Path) -> None:
    """Import the project from the copy (it wins over the editable install of the checkout)."""
    os.chdir(workdir)
    sys.path.insert(0, str(workdir))
    sys.dont_write_bytecode = True
    for name in list(sys.modules):
        if name.split(".")[0] in PROJECT_PACKAGES:
            del sys.modules[name]
    import core
    if not Path(core.__file__).resolve().is_relative_to(workdir.resolve()):
        sys.exit(f"the project was imported from {core.__file__}, not from the copy")


def quiet() -> None:
    """In a child: send its output to /dev/null."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)


def module_name(path: str) -> str:
    return path[:-3].replace("/", ".")


def preload(files: list[str], targets: list[str]) -> None:
    """Import pytest's plugins, the project, the test modules and every target module (some
    are imported lazily, only when a test builds a store) once, in this process."""
    saved = os.dup(1), os.dup(2)
    quiet()
    try:
        code = pytest.main([*PYTEST_ARGS, "--collect-only", "-k", SQLITE_ONLY, *files])
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
    if code != 0:
        sys.exit(f"collecting {files} failed (pytest exit {code})")
    for target in targets:
        importlib.import_module(module_name(target))


def trace_tests(workdir: Path, targets: list[str], files: list[str]
                ) -> tuple[dict[str, list[str]], dict[str, float]]:
    out = workdir / "mutation-map.json"
    pid = os.fork()
    if pid == 0:  # the child runs the traced tests and writes the map
        try:
            quiet()
            tracer = Tracer(str(workdir), set(targets))
            code = pytest.main([*PYTEST_ARGS, "-k", SQLITE_ONLY, *files], plugins=[tracer])
            if code == 0:
                out.write_text(json.dumps({
                    "hits": {k: sorted(v) for k, v in tracer.hits.items()},
                    "durations": tracer.durations}))
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    if not out.exists():
        sys.exit("the unmutated tests do not pass on the SQLite leg; fix them first "
                 f"(run: pytest -k '{SQLITE_ONLY}' {' '.join(files)})")
    data = json.loads(out.read_text())
    return data["hits"], data["durations"]


# --- mutants --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mutant:
    path: str
    index: int
    line: int
    function: str
    change: str
    skip: str  # why it is not run ("" when it is run)
    text: str  # the mutated line, stripped
    default: bool = False  # in an argument default: applied by re-importing the module


_FLIP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
         ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot,
         ast.IsNot: ast.Is}
_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
           ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
           ast.IsNot: "is not"}
SKIP_LOGGING = "in a logging call (its text or arguments, or the call dropped)"
SKIP_DECORATOR = "in a decorator's arguments (@dataclass(frozen=True) and the like)"


def _is_logging(call: ast.AST) -> bool:
    func = call.func if isinstance(call, ast.Call) else None
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id in {"log", "logger", "logging"})


def _points(tree: ast.Module
            ) -> Iterator[tuple[ast.AST, str, str, Callable[[], None], str, bool]]:
    """Every mutation point, in a fixed order: (node, enclosing function, change, apply, skip,
    whether it changes a default, i.e. needs the module re-imported)."""

    def visit(node: ast.AST, scope: list[str], skip: str) -> Iterator:
        decorators = getattr(node, "decorator_list", [])
        for child in ast.iter_child_nodes(node):
            why = skip
            if any(child is d for d in decorators):
                why = why or SKIP_DECORATOR
            if isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant):
                continue  # docstrings: a string has no mutation operator
            if _is_logging(child):
                why = why or SKIP_LOGGING
            inner = scope
            if isinstance(child, ast.ClassDef):
                inner = [*scope, child.name]
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [*scope, child.name, "<locals>"]
            own = inner if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            if isinstance(child, ast.arguments):
                # Defaults are evaluated when the function is defined: the mutant needs the
                # module re-imported; its tests are still those of the function.
                for point in _points_in(child, _qualname(scope)):
                    yield (*point[:4], point[4], True)
                continue
            for point in _mutations(child, _qualname(own), why):
                yield (*point, False)
            yield from visit(child, inner, why)

    yield from visit(tree, [], "")


def _points_in(node: ast.AST, function: str) -> Iterator:
    yield from _mutations(node, function, "")
    for child in ast.iter_child_nodes(node):
        yield from _points_in(child, function)


def _qualname(scope: list[str]) -> str:
    """The enclosing function's ``co_qualname``; "" at module or class level."""
    if not scope or scope[-1] != "<locals>":
        return ""
    return ".".join(scope[:-1])


def _mutations(node: ast.AST, function: str, skip: str) -> Iterator:
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _FLIP:
                def flip(node=node, i=i, op=op) -> None:
                    node.ops[i] = _FLIP[type(op)]()
                yield (node, function, f"{_SYMBOL[type(op)]} -> {_SYMBOL[_FLIP[type(op)]]}",
                       flip, skip)
    elif isinstance(node, ast.BinOp) and type(node.op) in (ast.Add, ast.Sub):
        swap = ast.Sub if isinstance(node.op, ast.Add) else ast.Add
        if not (isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
            def binop(node=node, swap=swap) -> None:
                node.op = swap()
            yield node, function, "+ -> -" if swap is ast.Sub else "- -> +", binop, skip
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        def unary(node=node) -> None:
            node.op = ast.UAdd()
        yield node, function, "unary minus dropped", unary, skip
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        def boolop(node=node, other=other) -> None:
            node.op = other()
        yield node, function, "and -> or" if other is ast.Or else "or -> and", boolop, skip
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        def plus_one(node=node) -> None:
            node.value = node.value + 1
        yield node, function, f"{node.value} -> {node.value + 1}", plus_one, skip
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        def negate(node=node) -> None:
            node.value = not node.value
        yield node, function, f"{node.value} -> {not node.value}", negate, skip
    for field in ("body", "orelse", "finalbody"):
        body = getattr(node, field, None)
        if not isinstance(body, list):
            continue
        for i, statement in enumerate(body):
            if not isinstance(statement, ast.Expr):
                continue
            call = statement.value.value if isinstance(statement.value, ast.Await) \
                else statement.value
            if isinstance(call, ast.Call):
                def drop(body=body, i=i) -> None:
                    body[i] = ast.Pass()
                why = skip or (SKIP_LOGGING if _is_logging(call) else "")
                yield statement, function, "call statement dropped", drop, why


def mutants_of(path: str, source: str) -> list[Mutant]:
    lines = source.splitlines()
    found = []
    for i, (node, function, change, _apply, skip, default) in enumerate(
            _points(ast.parse(source))):
        line = getattr(node, "lineno", 0)
        text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        found.append(Mutant(path, i, line, function, change, skip, text, default))
    return found


def mutated_source(source: str, index: int) -> str:
    tree = ast.parse(source)
    for i, (_node, _function, _change, apply, _skip, _default) in enumerate(_points(tree)):
        if i == index:
            apply()
            return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
    raise IndexError(index)


# --- running ----------------------------------------------------------------------------------

def tests_for(mutant: Mutant, hits: dict[str, list[str]]) -> list[str]:
    if not mutant.function:  # module or class level: every test that used the module
        return sorted({t for key, tests in hits.items() if key.startswith(mutant.path + "::")
                       for t in tests})
    return hits.get(f"{mutant.path}::{mutant.function}", [])


def _find_code(code: CodeType, qualname: str) -> CodeType | None:
    for const in code.co_consts:
        if isinstance(const, CodeType):
            if const.co_qualname == qualname:
                return const
            found = _find_code(const, qualname)
            if found is not None:
                return found
    return None


def _find_function(module: ModuleType, qualname: str) -> FunctionType | None:
    obj: object = module
    for part in qualname.split("."):
        obj = vars(obj).get(part) if hasattr(obj, "__dict__") else None
        if isinstance(obj, staticmethod | classmethod):
            obj = obj.__func__
        elif isinstance(obj, property):
            obj = obj.fget
        while obj is not None and not isinstance(obj, FunctionType | type | ModuleType) \
                and hasattr(obj, "__wrapped__"):
            obj = obj.__wrapped__
    while isinstance(obj, FunctionType) and obj.__code__.co_qualname != qualname \
            and hasattr(obj, "__wrapped__"):
        obj = obj.__wrapped__
    if isinstance(obj, FunctionType) and obj.__code__.co_qualname == qualname:
        return obj
    return None


class _MutantSource(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves one module's mutated source to the import system, in a child only."""

    def __init__(self, name: str, path: str, source: str) -> None:
        self.name, self.path, self.source = name, path, source

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec):
        return None

    def exec_module(self, module: ModuleType) -> None:
        exec(compile(self.source, self.path, "exec"), module.__dict__)  # noqa: S102


def apply_mutant(workdir: Path, mutant: Mutant, source: str) -> str:
    """In the child: make the mutant live. Returns how: "code" swapped, or "reload"."""
    new_source = mutated_source(source, mutant.index)
    name = module_name(mutant.path)
    module = sys.modules.get(name)
    if mutant.function and not mutant.default and module is not None:
        outer = mutant.function.split(".<locals>.")[0]  # a nested function lives in its outer
        code = _find_code(compile(new_source, module.__file__, "exec"), outer)
        live = _find_function(module, outer)
        if code is not None and live is not None \
                and code.co_freevars == live.__code__.co_freevars:
            live.__code__ = code
            return "code"
    # Re-import the project with the mutated source served from memory (the copy on disk is
    # shared by the children running at the same time, so it is never written).
    for loaded in list(sys.modules):
        if loaded.split(".")[0] in PROJECT_PACKAGES:
            del sys.modules[loaded]
    sys.meta_path.insert(0, _MutantSource(name, str(workdir / mutant.path), new_source))
    return "reload"


HARNESS_ERROR = 99  # the child could not apply the mutant or start pytest


def start_mutant(workdir: Path, mutant: Mutant, source: str, tests: list[str]) -> int:
    pid = os.fork()
    if pid != 0:
        return pid
    code = HARNESS_ERROR
    try:
        os.setpgid(0, 0)
        if not os.environ.get("MUTATION_VERBOSE"):
            quiet()
        how = apply_mutant(workdir, mutant, source)
        if os.environ.get("MUTATION_VERBOSE"):
            print(f"[{os.getpid()}] mutant {mutant.index} applied by {how}", flush=True)
        code = int(pytest.main([*PYTEST_ARGS, "-x", *tests]))
    except BaseException:  # the child must always exit, never return to the loop
        code = HARNESS_ERROR
    finally:
        os._exit(code)


def run_all(workdir: Path, mutants: list[Mutant], sources: dict[str, str],
            hits: dict[str, list[str]], durations: dict[str, float], jobs: int,
            deadline: float) -> tuple[dict[str, list[Mutant]], list[Mutant]]:
    results: dict[str, list[Mutant]] = {"killed": [], "survived": [], "timed out": [],
                                        "not run": [], "harness error": []}
    unreached: list[Mutant] = []
    queue = list(mutants)
    running: dict[int, tuple[Mutant, float]] = {}
    total, reported = len(queue), 0
    while queue or running:
        done = sum(len(v) for v in results.values())
        if done >= reported + 50:
            reported = done
            print(f"  {done}/{total} mutants done", flush=True)
        while queue and len(running) < jobs:
            mutant = queue.pop(0)
            tests = tests_for(mutant, hits)
            if time.monotonic() > deadline:
                results["not run"].append(mutant)
            elif not tests:
                unreached.append(mutant)
                results["survived"].append(mutant)
            else:
                baseline = sum(durations.get(t, 1.0) for t in tests)
                reload = 10.0 if not mutant.function or mutant.default else 0.0
                timeout = 10.0 + reload + 4 * baseline
                pid = start_mutant(workdir, mutant, sources[mutant.path], tests)
                running[pid] = (mutant, time.monotonic() + timeout)
        if not running:
            continue
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for child, (mutant, until) in list(running.items()):
                if now > until:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(child, signal.SIGKILL)
                    os.waitpid(child, 0)
                    del running[child]
                    results["timed out"].append(mutant)
            time.sleep(0.02)
            continue
        if pid not in running:
            continue
        mutant, _until = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        # 1: a test failed; 2: interrupted (a collection error, e.g. the mutant broke an
        # import). 5 (no tests ran) or a crash of the harness is not a kill.
        outcome = "survived" if code == 0 else "killed" if code in (1, 2) else "harness error"
        results[outcome].append(mutant)
    return results, unreached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mutants", type=int, default=0,
                        help="test a deterministic sample of this many mutants (0: all)")
    parser.add_argument("--budget-minutes", type=float, default=28.0,
                        help="stop starting new mutants after this long")
    parser.add_argument("--only", action="append", default=[],
                        help="limit to these target modules (repeatable)")
    parser.add_argument("--line", action="append", type=int, default=[],
                        help="only the mutants on these lines (repeatable; with --only)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="mutants run at the same time (default: one per core)")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # a child forks with nothing left unwritten
    started = time.monotonic()
    targets = [t for t in TARGETS if not args.only or t in args.only]
    files = sorted({f for t in targets for f in TARGETS[t]})
    workdir = Path(tempfile.mkdtemp(prefix="subvault-mutation-"))
    try:
        build_copy(workdir)
        enter_copy(workdir)
        preload(files, targets)
        print(f"imported pytest, the project and {len(files)} test files once in "
              f"{time.monotonic() - started:.0f} s")
        hits, durations = trace_tests(workdir, targets, files)
        print(f"traced {len(durations)} tests on the SQLite leg "
              f"({sum(durations.values()):.0f} s of test time); "
              f"{time.monotonic() - started:.0f} s so far")
        sources = {t: (workdir / t).read_text() for t in targets}
        every = [m for t in targets for m in mutants_of(t, sources[t])]
        if args.line:
            every = [m for m in every if m.line in args.line]
        skipped = [m for m in every if m.skip]
        mutants = [m for m in every if not m.skip]
        print(f"{len(every)} mutants in {len(targets)} modules; {len(skipped)} skipped:")
        for reason in (SKIP_LOGGING, SKIP_DECORATOR):
            print(f"  {sum(m.skip == reason for m in skipped)} {reason}")
        print("  (strings, docstrings included, have no mutation operator: 0 mutants there)")
        if args.max_mutants and len(mutants) > args.max_mutants:
            mutants = sorted(random.Random(args.seed).sample(mutants, args.max_mutants),
                             key=lambda m: (m.path, m.index))
            print(f"testing a sample of {len(mutants)} (seed {args.seed})")
        reloads = sum(not m.function or m.default for m in mutants)
        print(f"running {len(mutants)} mutants, {args.jobs} at a time ({reloads} outside any "
              f"function body, argument defaults included, re-import the project)")
        deadline = started + args.budget_minutes * 60
        results, unreached = run_all(workdir, mutants, sources, hits, durations, args.jobs,
                                     deadline)
        equivalent = [m for m in results["survived"]
                      if (m.path, m.text, m.change) in EQUIVALENT and m not in unreached]
        results["survived"] = [m for m in results["survived"] if m not in equivalent]
        for outcome in ("killed", "survived", "timed out", "not run", "harness error"):
            print(f"{outcome}: {len(results[outcome])}")
        print(f"equivalent (survived, not counted): {len(equivalent)}")
        for mutant in sorted(results["survived"], key=lambda m: (m.path, m.index)):
            why = " (no test reaches it)" if mutant in unreached else ""
            print(f"  survived {mutant.path}:{mutant.line} in {mutant.function or '<module>'}:"
                  f" {mutant.change}: `{mutant.text}`{why}")
        for mutant in sorted(equivalent, key=lambda m: (m.path, m.index)):
            reason = EQUIVALENT[(mutant.path, mutant.text, mutant.change)]
            print(f"  equivalent {mutant.path}:{mutant.line} in "
                  f"{mutant.function or '<module>'}: {mutant.change}: `{mutant.text}` — "
                  f"{reason}")
        # The list must stay true: an entry whose mutant a test kills, or that names no
        # mutant any more (the line changed), is reported so that it is fixed or removed.
        # (An entry names a line's text and a change; one line can carry the same change more
        # than once, so only an entry none of whose mutants survived is wrong.)
        survived_keys = {(m.path, m.text, m.change) for m in equivalent}
        for mutant in results["killed"] + results["timed out"]:
            key = (mutant.path, mutant.text, mutant.change)
            if key in EQUIVALENT and key not in survived_keys:
                print(f"  listed as equivalent but killed: {mutant.path}:{mutant.line}: "
                      f"{mutant.change}: `{mutant.text}`")
        if not args.line and not args.max_mutants:
            present = {(m.path, m.text, m.change) for m in every}
            for key in EQUIVALENT:
                if key[0] in targets and key not in present:
                    print(f"  listed as equivalent but no such mutant: {key[0]}: {key[2]}: "
                          f"`{key[1]}`")
        for mutant in results["harness error"]:
            print(f"  harness error {mutant.path}:{mutant.line}: {mutant.change} "
                  "(no test ran, or the mutant could not be applied)")
        for mutant in results["timed out"]:
            print(f"  timed out {mutant.path}:{mutant.line} in "
                  f"{mutant.function or '<module>'}: {mutant.change}")
        killed, survived = len(results["killed"]), len(results["survived"])
        timed_out = len(results["timed out"])
        tested = killed + survived + timed_out
        score = round((killed + timed_out) / tested, 3) if tested else 0.0
        every_run = tested + len(equivalent)
        score_all = round((killed + timed_out) / every_run, 3) if every_run else 0.0
        print(f"wall time {time.monotonic() - started:.0f} s")
        print(json.dumps({"bench": "mutation", "killed": killed, "survived": survived,
                          "timed_out": timed_out, "not_run": len(results["not run"]),
                          "skipped": len(skipped), "equivalent": len(equivalent),
                          "score": score, "score_counting_equivalent": score_all,
                          "seconds": round(time.monotonic() - started)}))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
