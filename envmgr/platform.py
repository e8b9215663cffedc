"""What this machine is: os, distro, kernel, arch, libc, cpu, memory, GPUs, container, job.

Every fact read from a file is read under ``root`` (``/`` by default), so that a saved copy
of another machine's ``/proc`` and ``/run`` describes that machine; nvidia-smi, which
describes only the machine it runs on, is run only for ``root="/"`` and only where it
is on ``PATH``. Nothing is cached: each call reads the files again.
"""

from __future__ import annotations

import glob
import os
import platform as _platform
import re
import shutil
from collections.abc import Mapping
from typing import Any

__all__ = ["platform_info", "host_tags", "cpu_info", "microarchitecture", "gpu_info",
           "parse_nvidia_smi", "container_info", "job_info", "libc_info", "memory_info"]


def host_tags() -> list[str]:
    """Automatic tags every entry recorded here carries: ``os-linux``, ``arch-x86_64``."""
    return [f"os-{_platform.system().lower()}", f"arch-{_platform.machine().lower()}"]


def _under(root: str, path: str) -> str:
    return os.path.join(root, path.lstrip("/")) if root not in ("", "/") else path


def _read(path: str, limit: int = 1 << 20) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(limit)
    except OSError:
        return ""


# -- CPU ----------------------------------------------------------------------------------

# The x86-64 microarchitectures as archspec 0.2.7 names them (its microarchitectures.json,
# Apache-2.0 OR MIT): name -> (vendor, parents, the features it adds to its parents).
# A CPU is each one whose vendor is its own (or generic) and whose features it all has;
# the answer is archspec's: the deepest of them that descends from the best generic level.
_X86: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "x86_64": ("generic", (), ()),
    "x86_64_v2": ("generic", ("x86_64",), ("cx16", "lahf_lm", "mmx", "popcnt", "sse", "sse2",
                                           "sse4_1", "sse4_2", "ssse3")),
    "x86_64_v3": ("generic", ("x86_64_v2",), ("abm", "avx", "avx2", "bmi1", "bmi2", "f16c",
                                              "fma", "movbe", "xsave")),
    "x86_64_v4": ("generic", ("x86_64_v3",), ("avx512bw", "avx512cd", "avx512dq", "avx512f",
                                              "avx512vl")),
    "nocona": ("GenuineIntel", ("x86_64",), ("mmx", "sse", "sse2", "sse3")),
    "core2": ("GenuineIntel", ("nocona",), ("ssse3",)),
    "nehalem": ("GenuineIntel", ("core2", "x86_64_v2"), ()),
    "westmere": ("GenuineIntel", ("nehalem",), ("aes", "pclmulqdq")),
    "sandybridge": ("GenuineIntel", ("westmere",), ("avx",)),
    "ivybridge": ("GenuineIntel", ("sandybridge",), ("f16c", "rdrand")),
    "haswell": ("GenuineIntel", ("ivybridge", "x86_64_v3"), ()),
    "broadwell": ("GenuineIntel", ("haswell",), ("adx", "rdseed")),
    "skylake": ("GenuineIntel", ("broadwell",), ("clflushopt", "xsavec", "xsaveopt")),
    "mic_knl": ("GenuineIntel", ("broadwell",), ("avx512cd", "avx512er", "avx512f",
                                                 "avx512pf")),
    "skylake_avx512": ("GenuineIntel", ("skylake", "x86_64_v4"), ("clwb",)),
    "cannonlake": ("GenuineIntel", ("skylake", "x86_64_v4"), ("avx512ifma", "avx512vbmi",
                                                              "sha_ni")),
    "cascadelake": ("GenuineIntel", ("skylake_avx512",), ("avx512_vnni",)),
    "icelake": ("GenuineIntel", ("cascadelake", "cannonlake"),
                ("avx512_bitalg", "avx512_vbmi2", "avx512_vpopcntdq", "gfni", "rdpid", "vaes",
                 "vpclmulqdq")),
    "sapphirerapids": ("GenuineIntel", ("icelake",),
                       ("amx_bf16", "amx_int8", "amx_tile", "avx512_bf16", "cldemote",
                        "movdir64b", "movdiri", "serialize", "waitpkg")),
    "alderlake": ("GenuineIntel", ("skylake",),
                  ("avx_vnni", "clwb", "gfni", "movdir64b", "movdiri", "rdpid", "serialize",
                   "sha_ni", "vaes", "vpclmulqdq", "waitpkg")),
    "arrowlake": ("GenuineIntel", ("alderlake",), ("avx_ifma", "avx_ne_convert",
                                                   "avx_vnni_int8", "cmpccxadd")),
    "arrowlake_s": ("GenuineIntel", ("arrowlake",), ("avx_vnni_int16", "sha512", "sm3", "sm4")),
    "k10": ("AuthenticAMD", ("x86_64",), ("3dnow", "3dnowext", "abm", "cx16", "mmx", "sse",
                                          "sse2", "sse4a")),
    "bulldozer": ("AuthenticAMD", ("x86_64_v2",), ("abm", "aes", "avx", "fma4", "pclmulqdq",
                                                   "sse4a", "xop", "xsave")),
    "piledriver": ("AuthenticAMD", ("bulldozer",), ("bmi1", "f16c", "fma", "tbm")),
    "steamroller": ("AuthenticAMD", ("piledriver",), ("fsgsbase",)),
    "excavator": ("AuthenticAMD", ("steamroller", "x86_64_v3"), ()),
    "zen": ("AuthenticAMD", ("x86_64_v3",), ("aes", "clflushopt", "clzero", "fsgsbase",
                                             "pclmulqdq", "rdseed", "sse4a", "xsavec",
                                             "xsaveopt")),
    "zen2": ("AuthenticAMD", ("zen",), ("clwb",)),
    "zen3": ("AuthenticAMD", ("zen2",), ("pku", "vaes", "vpclmulqdq")),
    "zen4": ("AuthenticAMD", ("zen3", "x86_64_v4"),
             ("avx512_bf16", "avx512_bitalg", "avx512_vbmi2", "avx512_vnni", "avx512_vpopcntdq",
              "avx512ifma", "avx512vbmi", "flush_l1d", "gfni")),
    "zen5": ("AuthenticAMD", ("zen4",), ("avx512_vp2intersect", "avx_vnni", "movdir64b",
                                         "movdiri", "tsc_adjust")),
    "zen6": ("AuthenticAMD", ("zen5",), ("avx512_fp16",)),
}
# archspec's one implied feature: Linux lists sse3 as "pni", and archspec takes ssse3 for it
_ALIASES = {"sse3": ("ssse3",)}
# AArch64: the core is named by its implementer and part numbers (archspec's cpupart).
_ARM_VENDORS = {"0x41": "ARM", "0x42": "Broadcom", "0x43": "Cavium", "0x46": "Fujitsu",
                "0x48": "HiSilicon", "0x4e": "Nvidia", "0x50": "APM", "0x51": "Qualcomm",
                "0x53": "Samsung", "0x56": "Marvell", "0x61": "Apple", "0xc0": "Ampere"}
_ARM_PARTS = {("0x41", "0xd08"): "cortex_a72", ("0x41", "0xd0c"): "neoverse_n1",
              ("0x41", "0xd40"): "neoverse_v1", ("0x41", "0xd4f"): "neoverse_v2",
              ("0x41", "0xd49"): "neoverse_n2", ("0x41", "0xd83"): "neoverse_v3ae",
              ("0x43", "0x0af"): "thunderx2", ("0x46", "0x001"): "a64fx",
              ("0xc0", "0xac3"): "ampere1", ("0xc0", "0xac4"): "ampere1a",
              ("0x4e", "0x010"): "olympus", ("0x61", "0x022"): "m1", ("0x61", "0x032"): "m2"}


def _ancestors(name: str) -> set[str]:
    out: set[str] = set()
    for parent in _X86[name][1]:
        out |= {parent} | _ancestors(parent)
    return out


def _features(name: str) -> set[str]:
    feats = set(_X86[name][2])
    for parent in _X86[name][1]:
        feats |= _features(parent)
    return feats


def microarchitecture(arch: str, vendor: str, flags: list[str] | set[str],
                      part: str = "") -> str:
    """The microarchitecture as archspec names it (``icelake``, ``zen4``, ``neoverse_v2``),
    from the vendor, the feature flags and, on AArch64, the implementer and part numbers;
    the bare architecture (``x86_64``, ``aarch64``) where no table row fits."""
    if arch in ("aarch64", "arm64"):
        return _ARM_PARTS.get((vendor.lower(), part.lower()), "aarch64")
    if arch not in ("x86_64", "amd64"):
        return arch
    have = set(flags)

    def fits(name: str) -> bool:
        v = _X86[name][0]
        return v in ("generic", vendor) and all(
            f in have or any(a in have for a in _ALIASES.get(f, ())) for f in _features(name))

    fitting = [n for n in _X86 if fits(n)]

    def depth(n: str) -> tuple[int, int]:
        return len(_ancestors(n)), len(_features(n))

    best_generic = max((n for n in fitting if _X86[n][0] == "generic"), key=depth)
    # like archspec: a missing niche feature (disabled in a VM) must not drop a CPU below
    # the generic level it reaches
    named = [n for n in fitting if best_generic in _ancestors(n)]
    return max(named, key=depth) if named else best_generic


def cpu_info(root: str = "/") -> dict[str, Any]:
    """Model, vendor, family/model numbers, flags, microarchitecture and core counts."""
    text = _read(_under(root, "/proc/cpuinfo"))
    first: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            if first:
                break  # the first processor's block says what the table needs
            continue
        first.setdefault(key.strip(), value.strip())
    info: dict[str, Any] = {
        "model": first.get("model name") or first.get("Model Name") or first.get("cpu model")
        or (_platform.processor() or _platform.machine() if root in ("", "/") else ""),
        "flags": (first.get("flags") or first.get("Features") or "").split(),
    }
    if "vendor_id" in first:
        arch = "x86_64"
        info["vendor"] = first["vendor_id"]
        for key, out in (("cpu family", "family"), ("model", "model_number"),
                         ("stepping", "stepping")):
            if first.get(key, "").isdigit():
                info[out] = int(first[key])
        part = ""
    elif "CPU implementer" in first:
        arch = "aarch64"
        code = first["CPU implementer"].lower()
        info["vendor"] = _ARM_VENDORS.get(code, code)
        part = first.get("CPU part", "").lower()
        info["part"] = part
        info["model"] = info["model"] or _ARM_PARTS.get((code, part), "")
    else:
        arch = _platform.machine().lower()
        part = ""
    vendor_key = first.get("CPU implementer", "").lower() if arch == "aarch64" else \
        info.get("vendor", "")
    info["microarchitecture"] = microarchitecture(arch, vendor_key, info["flags"], part)
    processors = len(re.findall(r"^processor\s*:", text, re.MULTILINE))
    if root in ("", "/"):
        info["logical_cores"] = os.cpu_count() or processors
    else:
        info["logical_cores"] = processors
    cores = {
        (m.group(1), m.group(2))
        for m in re.finditer(r"physical id\s*:\s*(\d+).*?core id\s*:\s*(\d+)", text, re.S)
    }
    info["physical_cores"] = len(cores) or info["logical_cores"]
    try:
        info["available_cores"] = (len(os.sched_getaffinity(0)) if root in ("", "/")
                                   else info["logical_cores"])
    except (AttributeError, OSError):
        info["available_cores"] = info["logical_cores"]
    return info


def memory_info(root: str = "/") -> dict[str, int]:
    """``total_bytes`` and ``available_bytes`` from ``/proc/meminfo``."""
    out: dict[str, int] = {}
    for line in _read(_under(root, "/proc/meminfo")).splitlines():
        key, _, value = line.partition(":")
        if key in ("MemTotal", "MemAvailable") and value.split() and value.split()[0].isdigit():
            out[key.lower().replace("mem", "") + "_bytes"] = int(value.split()[0]) * 1024
    return out


def libc_info(root: str = "/") -> dict[str, str]:
    """glibc and its version (from the running process), or musl (by its loader)."""
    if root in ("", "/"):
        try:
            conf = os.confstr("CS_GNU_LIBC_VERSION") or ""
        except (ValueError, OSError, AttributeError):
            conf = ""
        if conf.startswith("glibc "):
            return {"name": "glibc", "version": conf.split()[1]}
        name, version = _platform.libc_ver()
        if name:
            return {"name": name, "version": version}
    if glob.glob(_under(root, "/lib/ld-musl-*.so.1")):
        return {"name": "musl", "version": ""}  # its version is only in what its loader prints
    if root not in ("", "/") and glob.glob(_under(root, "/lib*/*/libc.so.6")) + glob.glob(
            _under(root, "/lib*/libc.so.6")):
        return {"name": "glibc", "version": ""}
    return {"name": "unknown", "version": ""}


# -- GPUs ---------------------------------------------------------------------------------

_SMI_FIELDS = ("index", "name", "driver_version", "memory.total", "compute_cap", "uuid",
               "pci.bus_id")
_NVRM = re.compile(r"Kernel Module(?:\s+for\s+\S+)?\s+(\d+\.\d+(?:\.\d+)*)")


def gpu_info(root: str = "/", smi: str | None = None) -> list[dict[str, Any]]:
    """NVIDIA GPUs: nvidia-smi's rows where it is on PATH (and ``root`` is ``/``), else each
    GPU the driver lists in ``/proc/driver/nvidia/gpus``, with the loaded driver's version."""
    if root in ("", "/"):
        smi = smi or shutil.which("nvidia-smi")
        if smi:
            gpus = _run_smi(smi)
            if gpus:
                return gpus
    return proc_gpus(root)


def _run_smi(smi: str) -> list[dict[str, Any]]:
    from envmgr import _proc
    from envmgr.errors import ProbeError

    # compute_cap needs driver 510+ and an older one refuses the whole query: ask less
    for fields in (_SMI_FIELDS, ("index", "name", "driver_version", "memory.total")):
        try:
            res = _proc.run([smi, f"--query-gpu={','.join(fields)}",
                             "--format=csv,noheader,nounits"], timeout=15)
        except ProbeError:
            return []
        if res.returncode == 0:
            return parse_nvidia_smi(res.output, fields)
    return []


def parse_nvidia_smi(output: str, fields: tuple[str, ...] = _SMI_FIELDS
                     ) -> list[dict[str, Any]]:
    """Rows of ``nvidia-smi --query-gpu=FIELDS --format=csv,noheader,nounits``."""
    keys = {"memory.total": "memory_mib", "compute_cap": "compute_capability",
            "pci.bus_id": "bus_id"}
    gpus = []
    for line in output.strip().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != len(fields) or not parts[0].isdigit():
            continue  # "No devices were found", a warning line
        gpu: dict[str, Any] = {"vendor": "nvidia", "source": "nvidia-smi"}
        for field, value in zip(fields, parts, strict=True):
            key = keys.get(field, field)
            if value in ("", "[N/A]", "N/A", "[Not Supported]"):
                continue
            if key in ("index", "memory_mib"):
                if not value.isdigit():
                    continue
                gpu[key] = int(value)
            else:
                gpu[key] = value
        gpu.setdefault("name", "")
        gpus.append(gpu)
    return gpus


def proc_gpus(root: str = "/") -> list[dict[str, Any]]:
    """The GPUs of the loaded NVIDIA kernel module, from ``/proc/driver/nvidia``."""
    base = _under(root, "/proc/driver/nvidia")
    m = _NVRM.search(_read(os.path.join(base, "version")))
    driver = m.group(1) if m else ""
    gpus: list[dict[str, Any]] = []
    infos = sorted(glob.glob(os.path.join(glob.escape(base), "gpus", "*", "information")))
    for i, path in enumerate(infos):
        fields: dict[str, str] = {}
        for line in _read(path, 64 * 1024).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip()] = value.strip()
        gpu: dict[str, Any] = {"vendor": "nvidia", "source": "procfs", "index": i,
                               "name": fields.get("Model", ""), "driver_version": driver}
        if fields.get("GPU UUID", "").startswith("GPU-"):
            gpu["uuid"] = fields["GPU UUID"]
        bus = fields.get("Bus Location") or os.path.basename(os.path.dirname(path))
        gpu["bus_id"] = bus
        if fields.get("Device Minor", "").isdigit():
            gpu["minor"] = int(fields["Device Minor"])
        gpus.append(gpu)
    if not gpus and driver:
        gpus.append({"vendor": "nvidia", "source": "procfs", "driver_version": driver,
                     "name": "", "index": None})
    return gpus


# -- container and scheduler job ------------------------------------------------------------

_CGROUP_KINDS = (("kubepods", "kubernetes"), ("libpod", "podman"), ("docker", "docker"),
                 ("containerd", "containerd"), ("lxc", "lxc"))


def container_info(root: str = "/", environ: Mapping[str, str] | None = None
                   ) -> dict[str, Any]:
    """Whether this process runs in a container, which kind, and the evidence."""
    env = os.environ if environ is None else environ
    evidence: list[str] = []
    kind = ""
    image = ""
    for var, name in (("APPTAINER_CONTAINER", "apptainer"), ("SINGULARITY_CONTAINER",
                                                              "singularity")):
        if env.get(var):
            evidence.append(f"${var}")
            kind = kind or name
            image = image or env[var]
    if os.path.exists(_under(root, "/run/.containerenv")):
        evidence.append("/run/.containerenv")
        kind = kind or "podman"
        m = re.search(r'^image="([^"\n]*)"', _read(_under(root, "/run/.containerenv")),
                      re.MULTILINE)
        image = image or (m.group(1) if m else "")
    if os.path.exists(_under(root, "/.dockerenv")):
        evidence.append("/.dockerenv")
        kind = kind or "docker"
    if env.get("container"):
        evidence.append(f"$container={env['container']}")
        kind = kind or env["container"]
    cgroup = _read(_under(root, "/proc/1/cgroup"), 64 * 1024)
    for word, name in _CGROUP_KINDS:
        if re.search(rf"[/:.-]{word}[/:.-]|{word}$", cgroup, re.MULTILINE):
            evidence.append(f"/proc/1/cgroup names {word}")
            kind = kind or name
            break
    if env.get("KUBERNETES_SERVICE_HOST"):
        evidence.append("$KUBERNETES_SERVICE_HOST")
        kind = kind or "kubernetes"
    out: dict[str, Any] = {"inside": bool(evidence), "kind": kind or None,
                           "evidence": evidence}
    if image:
        out["image"] = image
    return out


# scheduler -> (the variable that says a job, then each key's variables, first set wins)
_JOBS: tuple[tuple[str, tuple[str, ...], dict[str, tuple[str, ...]]], ...] = (
    ("slurm", ("SLURM_JOB_ID", "SLURM_JOBID"), {
        "job_name": ("SLURM_JOB_NAME",), "nodes": ("SLURM_JOB_NODELIST", "SLURM_NODELIST"),
        "num_nodes": ("SLURM_JOB_NUM_NODES", "SLURM_NNODES"), "ntasks": ("SLURM_NTASKS",
                                                                           "SLURM_NPROCS"),
        "cpus_on_node": ("SLURM_CPUS_ON_NODE",), "partition": ("SLURM_JOB_PARTITION",),
        "account": ("SLURM_JOB_ACCOUNT",), "cluster": ("SLURM_CLUSTER_NAME",),
        "step_id": ("SLURM_STEP_ID", "SLURM_STEPID"), "array_task_id": ("SLURM_ARRAY_TASK_ID",),
        "gpus": ("SLURM_JOB_GPUS", "SLURM_STEP_GPUS", "SLURM_GPUS"),
    }),
    ("pbs", ("PBS_JOBID",), {
        "job_name": ("PBS_JOBNAME",), "queue": ("PBS_QUEUE",), "nodefile": ("PBS_NODEFILE",),
        "num_nodes": ("PBS_NUM_NODES",), "ntasks": ("PBS_NP", "NCPUS"),
        "workdir": ("PBS_O_WORKDIR",),
    }),
    ("flux", ("FLUX_JOB_ID",), {
        "ntasks": ("FLUX_JOB_SIZE",), "num_nodes": ("FLUX_JOB_NNODES",),
    }),
    ("lsf", ("LSB_JOBID",), {
        "job_name": ("LSB_JOBNAME",), "queue": ("LSB_QUEUE",), "nodes": ("LSB_HOSTS",),
        "ntasks": ("LSB_DJOB_NUMPROC",),
    }),
    ("sge", ("SGE_JOB_ID",), {"queue": ("QUEUE",), "ntasks": ("NSLOTS",)}),
)
_INT_KEYS = {"num_nodes", "ntasks", "cpus_on_node"}


def job_info(environ: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """The batch job this process runs in (SLURM, PBS, Flux, LSF, SGE), from the variables
    its scheduler sets; None outside a job."""
    env = dict(os.environ if environ is None else environ)
    if "SGE_JOB_ID" not in env and env.get("JOB_ID") and (env.get("SGE_ROOT")
                                                           or env.get("SGE_CELL")):
        env["SGE_JOB_ID"] = env["JOB_ID"]  # SGE says JOB_ID, too common a name alone
    for scheduler, id_vars, keys in _JOBS:
        job_id = next((env[v] for v in id_vars if env.get(v)), "")
        if not job_id:
            continue
        job: dict[str, Any] = {"scheduler": scheduler, "job_id": job_id}
        for key, names in keys.items():
            value = next((env[v] for v in names if env.get(v)), "")
            if not value:
                continue
            if key in _INT_KEYS:
                # "4(x2)" (SLURM_TASKS_PER_NODE style) or junk: keep only a plain count
                if not value.strip().isdigit():
                    continue
                job[key] = int(value)
            else:
                job[key] = value
        return job
    return None


def platform_info(root: str = "/", environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The platform description ``envmgr platform --json`` prints (before plugins add to
    it); files are read under ``root``, variables from ``environ`` (default: this process's)."""
    import distro

    uname = _platform.uname()
    kernel = uname.release
    if root not in ("", "/"):
        kernel = _read(_under(root, "/proc/sys/kernel/osrelease")).strip() or kernel
    return {
        "os": uname.system.lower(),
        "distro": {
            "id": distro.id(),
            "name": distro.name(),
            "version": distro.version(),
            "codename": distro.codename(),
        },
        "kernel": kernel,
        "arch": uname.machine,
        "hostname": uname.node,
        "libc": libc_info(root),
        "python": _platform.python_version(),
        "cpu": cpu_info(root),
        "memory": memory_info(root),
        "gpus": gpu_info(root),
        "container": container_info(root, environ),
        "job": job_info(environ),
        "tags": host_tags(),
    }
