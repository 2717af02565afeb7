"""Ctrl-C during `searcher index`: one line, exit 130, the last commit kept, nothing left behind."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import corpora_or_skip

from searcher.query import search
from searcher.schema import INDEX_NAME, open_index

pytestmark = pytest.mark.acceptance


def processes_in_group(group: int) -> list[int]:
    """Live processes of a process group (Linux /proc; zombies are gone processes)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def generation(index_dir: Path) -> int:
    numbers = [int(m[1]) for p in index_dir.glob(f"_{INDEX_NAME}_*.toc") if (m := re.search(r"_(\d+)\.toc$", p.name))]
    return max(numbers, default=-1)


@pytest.mark.parametrize("to_group", [True, False], ids=["ctrl-c-in-a-terminal", "kill-int-to-the-parent"])
def test_ctrl_c_during_indexing(tmp_path, to_group):
    corpus = corpora_or_skip("isw")
    index_dir = tmp_path / "index"
    command = [sys.executable, "-m", "searcher", "index", str(corpus), "--index-dir", str(index_dir)]
    process = subprocess.Popen(
        [*command, "--commit-every", "20", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives a command
        # Ctrl-C as a terminal delivers it, even when this suite runs with SIGINT ignored (a job
        # started with & by a script ignores it, and so would every process it starts).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 240
        while generation(index_dir) < 1 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # until the first commit
        assert process.poll() is None, process.communicate()
        assert len(processes_in_group(process.pid)) > 1  # it has reading (and writing) processes
        # A terminal's Ctrl-C goes to every process of the group; `kill -INT` to one.
        (os.killpg if to_group else os.kill)(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)

    assert process.returncode == 130
    assert out == ""
    m = re.fullmatch(r"Interrupted: (\d+) records committed; run the same command again to go on\n", err)
    assert m, err  # one line: no traceback, from this process or any other
    committed = int(m[1])
    assert processes_in_group(process.pid) == []  # the workers are gone
    # The lock is released: ours, and Whoosh's.
    with open(index_dir / "indexing.lock", "rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    ix = open_index(index_dir)
    ix.writer().cancel()
    # What it said it committed is what the index holds: whole commits of 20 pages, searchable.
    assert 0 < committed < 330 and committed % 20 == 0
    assert ix.doc_count() == committed
    assert search(index_dir, "Russian").total == committed  # every report says it
