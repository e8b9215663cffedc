"""Parallel probes with deadlines: daemon worker threads, so that a hung probe cannot
block envmgr's exit; a job that overruns its deadline is abandoned and its worker
replaced."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

PROBE_GRACE = 2.0


class Job:
    def __init__(self, fn: Callable[[], Any], timeout: float) -> None:
        self.fn = fn
        self.timeout = timeout
        self.started: float | None = None
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class Pool:
    """Daemon worker threads: a probe hung in Python code cannot block envmgr's exit.

    :meth:`close` ends the workers once a run is done; a worker abandoned to a hung probe
    ends when (if ever) that probe returns.
    """

    def __init__(self, workers: int) -> None:
        self.q: queue.Queue[Job | None] = queue.Queue()
        self.threads = 0
        for _ in range(workers):
            self._spawn()

    def _spawn(self) -> None:
        self.threads += 1
        threading.Thread(target=self._work, daemon=True, name="envmgr-probe").start()

    def _work(self) -> None:
        while True:
            job = self.q.get()
            if job is None:
                return
            job.started = time.monotonic()
            try:
                job.value = job.fn()
            except BaseException as exc:  # noqa: BLE001 - reported by the caller
                job.error = exc
            job.done.set()

    def submit(self, fn: Callable[[], Any], timeout: float) -> Job:
        job = Job(fn, timeout)
        self.q.put(job)
        return job

    def wait(self, job: Job) -> bool:
        """Wait for ``job``; False if it overran its deadline (its worker is replaced)."""
        while not job.done.wait(0.05):
            deadline = None if job.started is None else job.started + job.timeout + PROBE_GRACE
            if deadline is not None and time.monotonic() > deadline:
                self._spawn()
                return False
        return True

    def close(self) -> None:
        """One stop sentinel per worker ever started (the abandoned ones included)."""
        for _ in range(self.threads):
            self.q.put(None)


class SharedRuns:
    """A probe runner that runs each command once per detection: softs that probe one
    file the same way (llvm, aocc and apple-clang each run ``clang --version``) share
    its answer, or its failure. Concurrent askers wait for the first."""

    def __init__(self, run: Callable[..., Any]) -> None:
        self._run = run
        self._lock = threading.Lock()
        self._answers: dict[tuple[Any, ...], Job] = {}

    def __call__(self, argv: Any, timeout: float | None = 10.0, env: Any = None) -> Any:
        key = (tuple(argv), tuple(sorted((env or {}).items())))
        with self._lock:
            job = self._answers.get(key)
            first = job is None
            if job is None:
                job = self._answers[key] = Job(lambda: None, timeout or 0.0)
        if first:
            try:
                job.value = self._run(argv, timeout=timeout, env=env)
            except BaseException as exc:
                job.error = exc
                raise
            finally:
                job.done.set()
            return job.value
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.value
