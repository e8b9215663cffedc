"""The ``--explain`` trace of a detection run: why each dir was searched and each
candidate kept or rejected. Shared by the search space, the candidates and the engine."""

from __future__ import annotations

import threading


class Explain:
    """Collects why each dir was searched and each candidate kept or rejected."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled
        self.lines: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        if self.enabled:
            with self._lock:
                self.lines.append(line)
