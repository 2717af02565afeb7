"""One indexing run at a time per index, and who holds it.

Whoosh refuses a second writer, but cannot say whose the first is. This lock file names the
holding process. It is an OS lock (flock), which the kernel releases when the process ends,
however it ends: the lock of a killed run is no lock, and the next run takes it over.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from searcher.errors import IndexLockedError

FILE = "indexing.lock"


def _acquire(fd: int, index_dir: Path, fcntl) -> None:
    """Take the lock; a lock whose holder is dead is waited out for a moment (the processes
    of a killed run go with it, but not in the same instant)."""
    deadline = time.monotonic() + 5.0
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            if _alive(holder) or time.monotonic() > deadline:
                raise IndexLockedError(
                    f"the index at {index_dir} is being updated by another process (pid {holder or 'unknown'})",
                    "wait for it to finish, then try again",
                ) from None
            time.sleep(0.1)


def _alive(pid: str) -> bool:
    if not pid.isdigit():
        return True  # cannot tell: assume so
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent() -> None:
    """In a child process: be killed when the parent dies, however it dies (Linux), so that a
    killed indexing run leaves no process behind holding its locks."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the call
            os._exit(1)


@contextlib.contextmanager
def indexing_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's lock while the block runs, or raise IndexLockedError naming the holder."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: Whoosh's own lock still refuses a second writer
        yield
        return
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, index_dir, fcntl)
        # Ours now: whatever pid a killed run left here is replaced.
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
