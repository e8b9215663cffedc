"""A recipe's smoke test: its files must exist and its commands must exit 0.

Run by the install transaction before an entry is recorded, and by ``envmgr verify``
later, against the entry's real prefix (Spack's install prefix for a Spack build, not
envmgr's folder), in the environment ``envmgr shell`` would give the entry and its
dependencies, through the shared tool runner (logged, in its own process group).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from envmgr.install.errors import InstallError

if TYPE_CHECKING:
    from envmgr.install.recipe import Build

__all__ = ["SmokeTestError", "smoke_test", "fill_prefix"]


class SmokeTestError(InstallError):
    """The recipe's smoke test failed after the files were in place: nothing is recorded."""


def fill_prefix(text: str, prefix: Path | str) -> str:
    """``text`` with ``${{ prefix }}`` replaced by ``prefix`` (other placeholders kept)."""
    from envmgr.install.recipe import _PLACEHOLDER

    return _PLACEHOLDER.sub(lambda m: str(prefix) if m.group(1) == "prefix" else m.group(0),
                            text)


def smoke_test(build: Build, prefix: Path, env: Mapping[str, str],
               run: Callable[..., str]) -> None:
    """Check ``build``'s test files under ``prefix``, then run its test commands there in
    ``env`` with ``run`` (a :class:`~envmgr.install.runner.Runner`); raise
    :class:`SmokeTestError` saying what failed."""
    from envmgr.install.runner import ToolError

    name = f"{build.name}@{build.version}"
    for rel in build.test_files:
        path = prefix / fill_prefix(rel, prefix)
        if not path.exists():
            raise SmokeTestError(f"the smoke test of {name} failed: {rel} is not in {prefix}")
    for argv in build.test_commands:
        cmd = [fill_prefix(a, prefix) for a in argv]
        exe = cmd[0]
        if "/" in exe and not os.path.isabs(exe):
            cmd[0] = str(prefix / exe)
        else:
            found = shutil.which(exe, path=env.get("PATH"))
            if found is None:
                raise SmokeTestError(f"the smoke test of {name} failed: '{exe}' was not "
                                     "found", "nothing was recorded and the prefix was removed")
            cmd[0] = found
        shown = " ".join(argv)
        try:
            run(cmd, what=f"smoke test {shown}", env=env, cwd=prefix,
                timeout=build.test_timeout)
        except ToolError as exc:
            log = f" (full log: {exc.log})" if exc.log else ""
            if exc.returncode is None:
                why = f"'{shown}' ran past {build.test_timeout:g} s"
            else:
                why = f"'{shown}' exited {exc.returncode}" + (
                    f": {exc.cause[:200]}" if exc.cause else "")
            raise SmokeTestError(f"the smoke test of {name} failed: {why}{log}",
                                 "nothing was recorded and the prefix was removed") from None
        except InstallError:  # could not start
            raise SmokeTestError(f"the smoke test of {name} failed: '{exe}' cannot run",
                                 "nothing was recorded and the prefix was removed") from None
