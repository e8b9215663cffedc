"""``envmgr platform``: what this machine is."""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register"]

EXAMPLES = """examples:
  envmgr platform
  envmgr platform --json | jq .gpus
  envmgr platform --json | jq .cpu.microarchitecture
  envmgr platform --root /srv/saved/node17 --json"""


def register(commands: CommandCollector) -> None:
    commands.add("platform", "describe this machine: os, cpu, memory, GPUs, container, job",
                 setup, run, examples=EXAMPLES)


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", metavar="DIR", default="/",
                   help="read /proc, /run and /lib under DIR (a saved copy of another "
                        "machine's) instead of this machine's; nvidia-smi is not run")


def _clean(value: object) -> str:
    """A value for the terminal: control characters (from a variable, a file) as '?'."""
    return "".join(c if c.isprintable() else "?" for c in str(value))


def run(args: argparse.Namespace, app: App) -> int:
    import os

    from envmgr.errors import UsageError
    from envmgr.platform import platform_info

    root = args.root
    if not os.path.isdir(root):
        raise UsageError(f"--root {root}: not a directory; give the folder that holds the "
                         "saved proc/ (or / for this machine)")
    info = platform_info(root=root)
    if app.em.host.load_for_hook("envmgr_platform"):
        app.em.host.call("envmgr_platform", info=info)
    if args.json:
        app.json(info)
        return 0
    for line in describe(info):
        app.out(line)
    return 0


def describe(info: dict[str, Any]) -> list[str]:
    """The human lines of ``envmgr platform``."""
    d = info["distro"]
    cpu = info["cpu"]
    mem = info.get("memory", {}).get("total_bytes", 0)
    lines = [
        f"os        {info['os']} ({d['name']} {d['version']} {d['codename']})".rstrip(),
        f"kernel    {_clean(info['kernel'])}",
        f"arch      {info['arch']}",
        f"libc      {info['libc']['name']} {info['libc']['version']}".rstrip(),
        f"cpu       {_clean(cpu['model'] or 'unknown')}, {cpu['logical_cores']} logical cores "
        f"({cpu['available_cores']} available), {len(cpu['flags'])} flags",
        f"uarch     {cpu.get('microarchitecture') or 'unknown'}",
        f"memory    {mem / 2**30:.1f} GiB",
    ]
    for g in info["gpus"]:
        facts = [f"driver {g.get('driver_version') or '?'}"]
        if g.get("compute_capability"):
            facts.append(f"compute {g['compute_capability']}")
        if g.get("memory_mib"):
            facts.append(f"{g['memory_mib']} MiB")
        lines.append(f"gpu       {_clean(g.get('name') or 'NVIDIA GPU')} ({', '.join(facts)})")
    if not info["gpus"]:
        lines.append("gpu       none found (no nvidia-smi, no /proc/driver/nvidia)")
    c = info.get("container") or {}
    if c.get("inside"):
        what = _clean(c.get("kind") or "unknown kind")
        if c.get("image"):
            what += f" ({_clean(c['image'])})"
        lines.append(f"container {what}: {', '.join(_clean(e) for e in c['evidence'])}")
    else:
        lines.append("container none found")
    job = info.get("job")
    if job:
        extra = [f"{k}={_clean(job[k])}" for k in ("nodes", "ntasks", "partition", "queue")
                 if k in job]
        lines.append(f"job       {job['scheduler']} {_clean(job['job_id'])}"
                     + (f" ({', '.join(extra)})" if extra else ""))
    else:
        lines.append("job       none (not inside a SLURM, PBS, Flux, LSF or SGE job)")
    return lines
