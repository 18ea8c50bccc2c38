"""Mutation testing of the money-moving modules: how many planted bugs do their tests catch?

Not part of CI (it takes minutes). Works on a temporary copy of the project, never on the
checkout. A small AST mutator (no third-party tool: mutmut 3 copies the project into its own
``mutants/`` tree and first runs the whole suite, MongoDB leg included, to collect its stats —
too slow for this machine) makes one change per mutant:

  comparison flipped (< <=, > >=, == !=, in / not in, is / is not), + and - swapped,
  an integer constant off by one, a unary minus dropped, ``and``/``or`` swapped, ``True`` /
  ``False`` swapped, a call statement (``await x(...)``) dropped (logging calls excepted).
Docstrings, imports, argument defaults and decorators are left alone.

Per mutant it runs only the tests that reach the mutated function, on the SQLite leg: one traced
run of the modules' test files first records, per test, which functions of the target modules it
called. A mutant whose function no test reaches counts as survived. Prints the mutants killed,
survived and timed out, and each survivor's location; the last line is one line of JSON:
``{"bench": "mutation", "killed": …, "survived": …, "timed_out": …, "score": …}``.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = "tests/contract/"
TARGETS: dict[str, list[str]] = {
    "core/services/wallet.py": [f"{CONTRACT}test_ledger_contract.py",
                                f"{CONTRACT}test_money_after_coupon.py",
                                f"{CONTRACT}test_purchase_contract.py"],
    "core/storage/sqlite/ledger.py": [f"{CONTRACT}test_ledger_contract.py",
                                      f"{CONTRACT}test_money_after_coupon.py"],
    "core/services/purchases.py": [f"{CONTRACT}test_purchase_contract.py",
                                   f"{CONTRACT}test_money_after_coupon.py",
                                   f"{CONTRACT}test_purchase_topup.py"],
    "core/services/orders.py": [f"{CONTRACT}test_purchase_contract.py",
                                f"{CONTRACT}test_money_after_coupon.py"],
    "core/services/coupons.py": ["tests/unit/test_coupons.py",
                                 f"{CONTRACT}test_coupons_contract.py",
                                 f"{CONTRACT}test_money_after_coupon.py"],
    "core/services/payments/settle.py": [f"{CONTRACT}test_payments_webhooks.py",
                                         f"{CONTRACT}test_payments_topups.py",
                                         f"{CONTRACT}test_payments_stars.py",
                                         "tests/api/test_api_currency.py"],
    "core/services/payments/webhooks.py": [f"{CONTRACT}test_payments_webhooks.py",
                                           "tests/api/test_api_webhooks.py"],
    "core/services/payments/refunds.py": [f"{CONTRACT}test_payments_refunds.py"],
}
COPIED = ("core", "bot", "api", "jobs", "subvault", "tests", "locales", "pyproject.toml")
SQLITE_ONLY = "not mongodb"

# --- the traced run: which test calls which function ------------------------------------------

TRACER = '''
import json, os, sys, threading, time
import pytest

_TARGETS = set(json.loads(os.environ["MUTATION_TARGETS"]))
_ROOT = os.environ["MUTATION_ROOT"]
_hits = {}
_durations = {}
_current = [None]


_keys = {}


def _key(code):
    path = code.co_filename
    if path.startswith(_ROOT):
        path = os.path.relpath(path, _ROOT)
        if path in _TARGETS:
            return f"{path}::{code.co_qualname}"
    return None


def _profile(frame, event, arg):
    if event != "call":
        return
    code = frame.f_code
    try:
        key = _keys[code]
    except KeyError:
        key = _keys[code] = _key(code)
    if key is not None and _current[0] is not None:
        _hits.setdefault(key, set()).add(_current[0])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _current[0] = item.nodeid
    sys.setprofile(_profile)
    threading.setprofile(_profile)
    started = time.perf_counter()
    yield
    _durations[item.nodeid] = time.perf_counter() - started
    sys.setprofile(None)
    threading.setprofile(None)
    _current[0] = None


def pytest_sessionfinish(session, exitstatus):
    with open(os.environ["MUTATION_MAP"], "w") as out:
        json.dump({"hits": {k: sorted(v) for k, v in _hits.items()},
                   "durations": _durations}, out)
'''


def pytest_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
            "-x", "--no-header", *args]


def build_copy(workdir: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, ignore=ignore)
        else:
            shutil.copy2(source, workdir / name)
    (workdir / "mutation_tracer.py").write_text(TRACER)


def environment(workdir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(workdir)  # the copy wins over the editable install of the checkout
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def trace_tests(workdir: Path, targets: list[str]
                ) -> tuple[dict[str, list[str]], dict[str, float]]:
    files = sorted({f for t in targets for f in TARGETS[t]})
    out = workdir / "mutation-map.json"
    env = environment(workdir, MUTATION_TARGETS=json.dumps(sorted(targets)),
                      MUTATION_ROOT=str(workdir), MUTATION_MAP=str(out))
    command = pytest_command("-p", "mutation_tracer", "-k", SQLITE_ONLY, *files)
    command.remove("-x")
    done = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0 or not out.exists():
        sys.exit(f"the unmutated tests do not pass; fix them first:\n{done.stdout[-3000:]}")
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


_FLIP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
         ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot,
         ast.IsNot: ast.Is}
_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
           ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
           ast.IsNot: "is not"}


def _is_logging(call: ast.AST) -> bool:
    func = call.func if isinstance(call, ast.Call) else None
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id in {"log", "logger", "logging"})


def _points(tree: ast.Module) -> Iterator[tuple[ast.AST, str, str, Callable[[], None]]]:
    """Every mutation point, in a fixed order: (node, enclosing function, change, apply)."""

    def visit(node: ast.AST, scope: list[str]) -> Iterator:
        decorators = getattr(node, "decorator_list", [])
        for child in ast.iter_child_nodes(node):
            if child in decorators:
                continue  # @dataclass(frozen=True, slots=True) and the like: not logic
            inner = scope
            if isinstance(child, ast.ClassDef):
                inner = [*scope, child.name]
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [*scope, child.name, "<locals>"]
            if isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant):
                continue  # docstrings
            if isinstance(child, ast.arguments | ast.Import | ast.ImportFrom):
                continue  # defaults and imports: not logic
            own = inner if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            yield from _mutations(child, _qualname(own))
            yield from visit(child, inner)

    yield from visit(tree, [])


def _qualname(scope: list[str]) -> str:
    """The enclosing function's ``co_qualname``; "" at module or class level."""
    if not scope or scope[-1] != "<locals>":
        return ""
    return ".".join(scope[:-1])


def _mutations(node: ast.AST, function: str) -> Iterator:
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _FLIP:
                def flip(node=node, i=i, op=op) -> None:
                    node.ops[i] = _FLIP[type(op)]()
                yield node, function, f"{_SYMBOL[type(op)]} -> {_SYMBOL[_FLIP[type(op)]]}", flip
    elif isinstance(node, ast.BinOp) and type(node.op) in (ast.Add, ast.Sub):
        swap = ast.Sub if isinstance(node.op, ast.Add) else ast.Add
        if not (isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
            def binop(node=node, swap=swap) -> None:
                node.op = swap()
            yield node, function, f"{'+' if swap is ast.Sub else '-'} -> " \
                                  f"{'-' if swap is ast.Sub else '+'}", binop
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        def unary(node=node) -> None:
            node.op = ast.UAdd()
        yield node, function, "unary minus dropped", unary
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        def boolop(node=node, other=other) -> None:
            node.op = other()
        yield node, function, f"{'and -> or' if other is ast.Or else 'or -> and'}", boolop
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        def plus_one(node=node) -> None:
            node.value = node.value + 1
        yield node, function, f"{node.value} -> {node.value + 1}", plus_one
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        def negate(node=node) -> None:
            node.value = not node.value
        yield node, function, f"{node.value} -> {not node.value}", negate
    for field in ("body", "orelse", "finalbody"):
        body = getattr(node, field, None)
        if not isinstance(body, list):
            continue
        for i, statement in enumerate(body):
            if not isinstance(statement, ast.Expr):
                continue
            call = statement.value.value if isinstance(statement.value, ast.Await) \
                else statement.value
            if isinstance(call, ast.Call) and not _is_logging(call):
                def drop(body=body, i=i) -> None:
                    body[i] = ast.Pass()
                yield statement, function, "call statement dropped", drop


def mutants_of(path: str, source: str) -> list[Mutant]:
    tree = ast.parse(source)
    return [Mutant(path, i, getattr(node, "lineno", 0), function, change)
            for i, (node, function, change, _apply) in enumerate(_points(tree))]


def mutated_source(source: str, index: int) -> str:
    tree = ast.parse(source)
    for i, (_node, _function, _change, apply) in enumerate(_points(tree)):
        if i == index:
            apply()
            return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
    raise IndexError(index)


# --- running ----------------------------------------------------------------------------------

def tests_for(mutant: Mutant, hits: dict[str, list[str]]) -> list[str]:
    if not mutant.function:  # module level: every test that used the module
        return sorted({t for key, tests in hits.items() if key.startswith(mutant.path + "::")
                       for t in tests})
    return hits.get(f"{mutant.path}::{mutant.function}", [])


def run_mutant(workdir: Path, mutant: Mutant, source: str, tests: list[str],
               timeout: float) -> str:
    target = workdir / mutant.path
    try:
        target.write_text(mutated_source(source, mutant.index))
        done = subprocess.run(pytest_command(*tests), cwd=workdir, env=environment(workdir),
                              capture_output=True, text=True, timeout=timeout, check=False)
        return "survived" if done.returncode == 0 else "killed"
    except subprocess.TimeoutExpired:
        return "timed out"
    finally:
        target.write_text(source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mutants", type=int, default=0,
                        help="test a deterministic sample of this many mutants (0: all)")
    parser.add_argument("--budget-minutes", type=float, default=28.0,
                        help="stop starting new mutants after this long")
    parser.add_argument("--only", action="append", default=[],
                        help="limit to these target modules (repeatable)")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    started = time.monotonic()
    targets = [t for t in TARGETS if not args.only or t in args.only]
    workdir = Path(tempfile.mkdtemp(prefix="subvault-mutation-"))
    try:
        build_copy(workdir)
        hits, durations = trace_tests(workdir, targets)
        print(f"traced {len(durations)} tests on the SQLite leg in "
              f"{time.monotonic() - started:.0f} s")
        sources = {t: (workdir / t).read_text() for t in targets}
        mutants = [m for t in targets for m in mutants_of(t, sources[t])]
        print(f"{len(mutants)} mutants in {len(targets)} modules")
        if args.max_mutants and len(mutants) > args.max_mutants:
            mutants = sorted(random.Random(args.seed).sample(mutants, args.max_mutants),
                             key=lambda m: (m.path, m.index))
            print(f"testing a sample of {len(mutants)} (seed {args.seed})")
        results: dict[str, list[Mutant]] = {"killed": [], "survived": [], "timed out": [],
                                            "not run": []}
        unreached: list[Mutant] = []
        deadline = started + args.budget_minutes * 60
        for mutant in mutants:
            if time.monotonic() > deadline:
                results["not run"].append(mutant)
                continue
            tests = tests_for(mutant, hits)
            if not tests:
                unreached.append(mutant)
                results["survived"].append(mutant)
                continue
            timeout = 20 + 3 * sum(durations.get(t, 1.0) for t in tests)
            outcome = run_mutant(workdir, mutant, sources[mutant.path], tests, timeout)
            results[outcome].append(mutant)
        for outcome in ("killed", "survived", "timed out", "not run"):
            print(f"{outcome}: {len(results[outcome])}")
        for mutant in results["survived"]:
            why = " (no test reaches it)" if mutant in unreached else ""
            print(f"  survived {mutant.path}:{mutant.line} in {mutant.function or '<module>'}:"
                  f" {mutant.change}{why}")
        killed, survived = len(results["killed"]), len(results["survived"])
        timed_out = len(results["timed out"])
        tested = killed + survived + timed_out
        score = round((killed + timed_out) / tested, 3) if tested else 0.0
        print(f"wall time {time.monotonic() - started:.0f} s")
        print(json.dumps({"bench": "mutation", "killed": killed, "survived": survived,
                          "timed_out": timed_out, "not_run": len(results["not run"]),
                          "score": score}))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
