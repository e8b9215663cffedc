"""What this machine is: os, distro, kernel, arch, libc, cpu, memory and GPUs."""

from __future__ import annotations

import os
import platform as _platform
import re
import shutil
from typing import Any

__all__ = ["platform_info", "host_tags"]


def host_tags() -> list[str]:
    """Automatic tags every entry recorded here carries: ``os-linux``, ``arch-x86_64``."""
    return [f"os-{_platform.system().lower()}", f"arch-{_platform.machine().lower()}"]


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def cpu_info() -> dict[str, Any]:
    text = _read("/proc/cpuinfo")
    info: dict[str, Any] = {"model": _platform.processor() or _platform.machine(), "flags": []}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key in ("model name", "Model Name", "cpu model") and value.strip():
            info["model"] = value.strip()
        elif key in ("flags", "Features") and not info["flags"]:
            info["flags"] = value.split()
    info["logical_cores"] = os.cpu_count() or 0
    cores = {
        (m.group(1), m.group(2))
        for m in re.finditer(r"physical id\s*:\s*(\d+).*?core id\s*:\s*(\d+)", text, re.S)
    }
    info["physical_cores"] = len(cores) or info["logical_cores"]
    try:
        info["available_cores"] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        info["available_cores"] = info["logical_cores"]
    return info


def memory_info() -> dict[str, int]:
    out: dict[str, int] = {}
    for line in _read("/proc/meminfo").splitlines():
        key, _, value = line.partition(":")
        if key in ("MemTotal", "MemAvailable"):
            out[key.lower().replace("mem", "") + "_bytes"] = int(value.split()[0]) * 1024
    return out


def libc_info() -> dict[str, str]:
    name, version = _platform.libc_ver()
    return {"name": name or "unknown", "version": version}


def gpu_info() -> list[dict[str, Any]]:
    """NVIDIA GPUs through nvidia-smi, else the driver version from /proc/driver/nvidia."""
    gpus: list[dict[str, Any]] = []
    smi = shutil.which("nvidia-smi")
    if smi:
        from envmgr import _proc
        from envmgr.errors import ProbeError

        # compute_cap needs driver 510+; older drivers refuse the whole query, so retry
        for fields in ("index,name,driver_version,memory.total,compute_cap,uuid",
                       "index,name,driver_version,memory.total"):
            try:
                res = _proc.run([smi, f"--query-gpu={fields}", "--format=csv,noheader,nounits"],
                                timeout=15)
            except ProbeError:
                break
            if res.returncode == 0:
                gpus = parse_nvidia_smi(res.output)
                break
    if not gpus:
        text = _read("/proc/driver/nvidia/version")
        m = re.search(r"Kernel Module\s+(?:for \S+\s+)?(\d[\d.]+)", text)
        if m:
            gpus.append(
                {"vendor": "nvidia", "driver_version": m.group(1), "name": "", "index": None}
            )
    return gpus


def parse_nvidia_smi(output: str) -> list[dict[str, Any]]:
    """Rows of ``nvidia-smi --query-gpu=index,name,driver_version,memory.total[,compute_cap,uuid]``
    in ``--format=csv,noheader,nounits``."""
    gpus = []
    for line in output.strip().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 3 or not parts[0].isdigit():
            continue
        gpu: dict[str, Any] = {
            "vendor": "nvidia",
            "index": int(parts[0]),
            "name": parts[1],
            "driver_version": parts[2],
        }
        if len(parts) > 3 and parts[3].isdigit():
            gpu["memory_mib"] = int(parts[3])
        if len(parts) > 4:
            gpu["compute_capability"] = parts[4]
        if len(parts) > 5:
            gpu["uuid"] = parts[5]
        gpus.append(gpu)
    return gpus


def platform_info() -> dict[str, Any]:
    """The platform description ``envmgr platform --json`` prints (before plugins add to it)."""
    import distro

    uname = _platform.uname()
    return {
        "os": uname.system.lower(),
        "distro": {
            "id": distro.id(),
            "name": distro.name(),
            "version": distro.version(),
            "codename": distro.codename(),
        },
        "kernel": uname.release,
        "arch": uname.machine,
        "hostname": uname.node,
        "libc": libc_info(),
        "python": _platform.python_version(),
        "cpu": cpu_info(),
        "memory": memory_info(),
        "gpus": gpu_info(),
        "tags": host_tags(),
    }
