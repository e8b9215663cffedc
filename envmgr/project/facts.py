"""The platform facts ``when`` conditions read, and whether a condition holds.

Facts come from :func:`envmgr.platform.platform_info` and are read only when a need has a
``when`` (the GPU and container probes are not free). Each fact is a short string:

- ``os`` (``linux``), ``arch`` (``x86_64``), ``microarch`` (``icelake``), ``libc`` (``glibc``);
- ``gpu``: the GPU vendors, comma-separated (``nvidia``), ``""`` when there is none;
- ``cuda_driver``: the NVIDIA driver's version (``550.54.15``), ``""`` when there is none;
- ``container``: its kind (``docker``, ``podman``, ``apptainer`` ...), ``""`` outside one;
- ``scheduler``: the batch scheduler of the job this runs in (``slurm``), ``""`` outside one.

A condition's value is a string (equal to the fact; for ``gpu``, one of its vendors; for
``cuda_driver``, a version spec), an array of strings (any of them), or ``true``/``false``
(the fact is present or absent).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["facts", "holds"]


def facts(names: set[str] | None = None) -> dict[str, str]:
    """The facts of this machine (``names`` only, when given)."""
    import platform as _platform

    from envmgr.platform import container_info, cpu_info, gpu_info, job_info, libc_info

    want = set(names) if names is not None else None
    out: dict[str, str] = {}

    def wanted(name: str) -> bool:
        return want is None or name in want

    if wanted("os"):
        out["os"] = _platform.system().lower()
    if wanted("arch"):
        out["arch"] = _platform.machine()
    if wanted("microarch"):
        out["microarch"] = str(cpu_info().get("microarchitecture") or "")
    if wanted("libc"):
        out["libc"] = str(libc_info().get("name") or "")
    if wanted("gpu") or wanted("cuda_driver"):
        gpus = gpu_info()
        vendors = sorted({str(g.get("vendor") or "") for g in gpus} - {""})
        drivers = sorted({str(g.get("driver_version") or "") for g in gpus
                          if g.get("vendor") == "nvidia"} - {""})
        if wanted("gpu"):
            out["gpu"] = ",".join(vendors)
        if wanted("cuda_driver"):
            out["cuda_driver"] = drivers[-1] if drivers else ""
    if wanted("container"):
        info = container_info()
        out["container"] = str(info.get("kind") or ("yes" if info.get("inside") else ""))
    if wanted("scheduler"):
        job = job_info()
        out["scheduler"] = str(job.get("scheduler") or "") if job else ""
    return out


def holds(when: Mapping[str, Any], here: Mapping[str, str]) -> bool:
    """Whether every condition of ``when`` holds on a machine with facts ``here``."""
    return all(_one(fact, value, here.get(fact, "")) for fact, value in when.items())


def _one(fact: str, value: Any, have: str) -> bool:
    if isinstance(value, bool):
        return bool(have) is value
    options = [value] if isinstance(value, str) else list(value)
    if fact == "cuda_driver":
        if not have:
            return False
        from envmgr.versions import Version, VersionSpec

        return any(VersionSpec(o).contains(Version(have)) for o in options)
    if fact == "gpu":
        vendors = set(have.split(",")) - {""}
        return any(o.lower() in vendors or (o.lower() == "none" and not vendors)
                   for o in options)
    return any(o.lower() == have.lower() for o in options)
