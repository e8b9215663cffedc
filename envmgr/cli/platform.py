"""``envmgr platform``: what this machine is."""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register"]

EXAMPLES = """examples:
  envmgr platform
  envmgr platform --json | jq .gpus"""


def register(commands: CommandCollector) -> None:
    commands.add("platform", "describe this machine: os, cpu, memory, GPUs",
                 lambda p: None, run, examples=EXAMPLES)


def run(args: argparse.Namespace, app: App) -> int:
    from envmgr.platform import platform_info

    info = platform_info()
    if app.em.host.load_for_hook("envmgr_platform"):
        app.em.host.call("envmgr_platform", info=info)
    if args.json:
        app.json(info)
        return 0
    d = info["distro"]
    cpu = info["cpu"]
    mem = info.get("memory", {}).get("total_bytes", 0)
    app.out(f"os        {info['os']} ({d['name']} {d['version']} {d['codename']})".rstrip())
    app.out(f"kernel    {info['kernel']}")
    app.out(f"arch      {info['arch']}")
    app.out(f"libc      {info['libc']['name']} {info['libc']['version']}")
    app.out(f"cpu       {cpu['model']}, {cpu['logical_cores']} logical cores "
            f"({cpu['available_cores']} available), {len(cpu['flags'])} flags")
    app.out(f"memory    {mem / 2**30:.1f} GiB")
    if info["gpus"]:
        for g in info["gpus"]:
            app.out(f"gpu       {g.get('name') or 'NVIDIA GPU'} (driver {g.get('driver_version')})")
    else:
        app.out("gpu       none found (no nvidia-smi, no /proc/driver/nvidia)")
    return 0
