"""Progress on a terminal: the download bar (tqdm) and the status line of a running tool
(:class:`StatusLine`); nothing under --json or without a TTY.

tqdm sizes the bar to the terminal's width, shows the rate and the time left, and is a
small pure-Python package; it is imported on the first byte of the first download only,
so commands that download nothing never pay for it.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DownloadBar", "StatusLine", "progress_for", "status_for"]


class DownloadBar:
    """A fetch progress callback ``(bytes so far, total or None)`` drawing one bar per file.

    A new file starts when the count goes down (or after a file reached its total)."""

    def __init__(self, label: str = "downloading", stream: Any = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self._bar: Any = None
        self._last = 0

    def __call__(self, done: int, total: int | None) -> None:
        if self._bar is not None and done < self._last:
            self.close()
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024,
                             desc=self.label, file=self.stream, leave=False,
                             dynamic_ncols=True, miniters=1, mininterval=0.1)
            self._last = 0
        elif total and self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._last)
        self._last = done
        if total and done >= total:
            self.close()

    def close(self) -> None:
        """Remove the bar from the terminal (also after a failure)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self._last = 0


def progress_for(app: Any, label: str = "downloading") -> DownloadBar | None:
    """A bar for this command, or None under ``--json`` or when stderr is not a terminal."""
    if getattr(app.args, "json", False) or not sys.stderr.isatty():
        return None
    return DownloadBar(label)


class StatusLine:
    """One line, redrawn in place, showing what a tool (pip, spack, eb) last printed; cut
    to the terminal's width, cleared by :meth:`close` (and before any other output)."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self._shown = False

    def __call__(self, text: str) -> None:
        import shutil

        width = max(shutil.get_terminal_size((80, 24)).columns - 1, 20)
        text = " ".join(text.split())
        if len(text) > width:
            text = text[:width - 3] + "..."
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Clear the line (also after a failure)."""
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False


def status_for(app: Any) -> StatusLine | None:
    """A status line for this command, or None under ``--json`` or off a terminal."""
    if getattr(app.args, "json", False) or not sys.stderr.isatty():
        return None
    return StatusLine()
