"""Kill a child process at a known write, not after a guessed sleep.

The child runs with every sqlite3 connection traced: when the `nth` statement matching `pattern` is
about to run (inside its transaction), it prints STARTED and waits, so `kill -9` lands right there and
the test can assert the one outcome that point allows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTED = "STARTED"

PRELUDE = r'''
import re, sqlite3, sys, time
sys.path.insert(0, {root!r})
_pattern = re.compile({pattern!r}, re.IGNORECASE)
_nth = {nth!r}
_seen = 0
_last = None
_connect = sqlite3.connect


def _trace(sql):
    global _seen, _last
    # Each trigger a statement fires reports the statement again: count it once.
    repeated, _last = sql == _last, sql
    if not repeated and _pattern.search(sql.replace('"', "").replace("`", "")):
        _seen += 1
        if _seen == _nth:
            print({started!r}, flush=True)  # right before this write, inside its transaction
            time.sleep(600)


def _traced_connect(*args, **kwargs):
    conn = _connect(*args, **kwargs)
    conn.set_trace_callback(_trace)
    return conn


sqlite3.connect = _traced_connect
'''

RUN_CLI = r'''
import runpy
sys.argv = ["khuyenhoc", *sys.argv[1:]]
runpy.run_module("khuyenhoc_desktop", run_name="__main__")
'''


def writes_to(table: str, verb: str = "INSERT") -> str:
    """A pattern for statements that `verb` (INSERT / UPDATE / DELETE) rows of `table`."""
    if verb == "INSERT":
        return rf"^\s*INSERT\s+(OR\s+\w+\s+)?INTO\s+{table}\b"
    if verb == "UPDATE":
        return rf"^\s*UPDATE\s+(OR\s+\w+\s+)?{table}\b"
    return rf"^\s*{verb}\s+FROM\s+{table}\b"


def start_held(pattern: str, nth: int, body: str, *args: str, env: dict | None = None) -> subprocess.Popen:
    """Start `body` (Python source; `sys.argv[1:]` are `args`) held at the `nth` statement matching `pattern`."""
    code = PRELUDE.format(root=str(ROOT), pattern=pattern, nth=nth, started=STARTED) + body
    # stderr joins stdout: one pipe read line by line can never fill up and stall the child.
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env={**os.environ, **(env or {})})


def start_cli_held(pattern: str, nth: int, *cli_args: str) -> subprocess.Popen:
    """`khuyenhoc *cli_args` held at the `nth` statement matching `pattern`."""
    return start_held(pattern, nth, RUN_CLI, *cli_args)


def kill_when_started(proc: subprocess.Popen, timeout: float = 600) -> None:
    """Wait for the child's STARTED line, then `kill -9` it; fails if the child ended without reaching it."""
    said = []
    try:
        for line in proc.stdout:
            if line.strip() == STARTED:
                os.kill(proc.pid, signal.SIGKILL)
                break
            said.append(line)
        else:
            proc.wait(timeout=timeout)
            raise AssertionError(f"the child ended (code {proc.returncode}) before the write it was to be killed "
                                 f"in:\n{''.join(said)}")
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
