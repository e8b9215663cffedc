"""``envmgr dev``: developer tools — regenerate the builtin index, capture real tool outputs."""

from __future__ import annotations

import sys

from envmgr.errors import UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register"]

EXAMPLES = """examples:
  envmgr dev reindex
  envmgr dev capture cmake /usr/bin/cmake --append
  envmgr dev capture gcc /usr/bin/clang-16 --rejected   # a negative case"""


def register(commands: CommandCollector) -> None:
    commands.add("dev", "developer tools: reindex builtins, capture tool outputs",
                 lambda p: setup(p, commands.common), run, examples=EXAMPLES)


def setup(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    dsub = p.add_subparsers(dest="dev_command", metavar="DEV_COMMAND")
    dsub.add_parser("reindex", help="regenerate plugins/_index.json", parents=[common])
    c = dsub.add_parser("capture", help="run a soft's real probe on a real file (executable, "
                        "library, header, .pc, dist-info, data dir) and print the case",
                        parents=[common])
    c.add_argument("soft", help="the soft whose probe runs (name or alias)")
    c.add_argument("path", help="the real file or dir to probe")
    c.add_argument("--rel", help="where the captured file sits in the case's layout")
    c.add_argument("--append", action="store_true", help="append to the plugin's cases file")
    c.add_argument("--rejected", action="store_true",
                   help="record a negative case: the probe must turn PATH down, and says why")
    c.add_argument("--mirror", action="store_true",
                   help="lay the file out at its real path, with its chain of symlinks")


def run(args: argparse.Namespace, app: App) -> int:
    from envmgr.catalog import builtin as catalog

    if args.dev_command == "reindex":
        path = catalog.write_index()
        n = sum(len(m["softs"]) for m in catalog.load_index()["modules"].values())
        app.out(f"wrote {path} ({n} softs)")
        return 0
    if args.dev_command == "capture":
        from envmgr.authoring.cases import append_case, capture
        from envmgr.detect.soft import Reject

        soft = app.em.resolve_soft(args.soft)
        try:
            case = capture(soft, args.path, rel=args.rel, mirror=args.mirror,
                           rejected=args.rejected)
        except Reject as exc:
            raise UsageError(f"{args.path} is not an installation of {soft.name}: {exc}",
                             "check the soft and the path") from None
        if args.append:
            module = sys.modules[soft.__module__]
            app.out(f"appended to {append_case(str(module.__file__), case)}")
        else:
            app.json(case)
        return 0
    raise UsageError("name a dev command: reindex or capture")
