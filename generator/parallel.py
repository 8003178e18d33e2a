"""Run one piece of work in a forked process while this one goes on: two cores for one command.

The work is a function of no arguments: the child inherits it (and everything it reads, the
loaded model included) through ``fork``, so nothing but its result crosses between processes.
Where forking is unavailable or unsafe (one core, no ``fork`` start method, other threads running,
or ``GENERATOR_PARALLEL=0``) the work runs in this process, when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_TASKS: dict[int, Callable[[], Any]] = {}  # read by the forked child, which inherits this dict


def _run(key: int) -> tuple[bool, Any]:
    try:
        return True, _TASKS[key]()
    except Exception as exc:  # handed to the parent, which raises it there
        return False, exc


def can_fork() -> bool:
    return (
        os.environ.get("GENERATOR_PARALLEL", "1") != "0"
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def start(work: Callable[[], T]) -> Callable[[], T]:
    """Begin ``work`` in a forked process (or not at all yet, see above); the returned function waits
    for its result, and raises what it raised."""
    if not can_fork():
        return work
    key = id(work)
    _TASKS[key] = work
    pool = multiprocessing.get_context("fork").Pool(1)
    pending = pool.apply_async(_run, (key,))

    def result() -> T:
        try:
            ok, value = pending.get()
        finally:
            pool.close()
            pool.join()
            _TASKS.pop(key, None)
        if not ok:
            raise value
        out: T = value
        return out

    return result
