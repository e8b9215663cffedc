"""``envmgr platform``: CPU microarchitecture, GPUs, libc, container and scheduler job.

Each test runs the real command. A saved machine is a folder given with ``--root``
holding the files the facts come from:

- ``data/cpuinfo-amd-epyc-zen3.txt``: the first processor of this project's CI machine's
  /proc/cpuinfo, as read;
- the H200 machine (``shared/captures/h200-survey.txt``): its ``/proc/driver/nvidia/version``
  as captured, and its CPU's vendor, family, model, name and flag line (lscpu's fields,
  laid out as /proc/cpuinfo lays them). Its ``gpus/*/information`` was not captured: the
  file here follows the driver's format (nv-procfs.c: ``Key: \\t value``) with the GPU's
  name and bus id from that machine's nvidia-smi table.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import write_tool

DATA = Path(__file__).parent / "data"

H200_FLAGS = (
    "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr "
    "sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology "
    "nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic "
    "movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm "
    "3dnowprefetch cpuid_fault ssbd ibrs ibpb stibp ibrs_enhanced fsgsbase tsc_adjust bmi1 "
    "avx2 smep bmi2 erms invpcid avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb "
    "avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 "
    "wbnoinvd arat avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni "
    "avx512_bitalg avx512_vpopcntdq rdpid bus_lock_detect cldemote movdiri movdir64b fsrm "
    "md_clear serialize tsxldtrk ibt amx_bf16 avx512_fp16 amx_tile amx_int8 flush_l1d "
    "arch_capabilities")
H200_NVRM = ("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release "
             "Build  (nixbld@)  \nGCC version:  gcc version 15.3.0 (GCC) \n")


def h200_root(tmp_path: Path) -> Path:
    root = tmp_path / "h200"
    proc = root / "proc"
    (proc / "sys/kernel").mkdir(parents=True)
    (proc / "sys/kernel/osrelease").write_text("6.18.44-fc-v657-gpu\n")
    (proc / "cpuinfo").write_text(
        "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 207\n"
        "model name\t: Intel(R) Xeon(R) Processor\nstepping\t: 2\n"
        f"flags\t\t: {H200_FLAGS}\n\n")
    nv = proc / "driver/nvidia"
    gpu = nv / "gpus/0000:00:06.0"
    gpu.mkdir(parents=True)
    (nv / "version").write_text(H200_NVRM)
    (gpu / "information").write_text(
        "Model: \t\t NVIDIA H200\nIRQ:   \t\t 0\nBus Type: \t PCIe\nDMA Size: \t 52 bits\n"
        "Bus Location: \t 0000:00:06.0\nDevice Minor: \t 0\nGPU Excluded:\t No\n")
    return root


def test_a_saved_h200_machine_is_described_from_its_files(cli, tmp_path):
    root = h200_root(tmp_path)
    info = cli("platform", "--root", str(root), "--json").json()
    cpu = info["cpu"]
    assert (cpu["vendor"], cpu["family"], cpu["model_number"]) == ("GenuineIntel", 6, 207)
    assert cpu["model"] == "Intel(R) Xeon(R) Processor" and "amx_tile" in cpu["flags"]
    # archspec 0.2.7 says icelake too: the VM hides waitpkg, which sapphirerapids needs
    assert cpu["microarchitecture"] == "icelake"
    assert cpu["logical_cores"] == 1
    assert info["kernel"] == "6.18.44-fc-v657-gpu"
    assert info["gpus"] == [{"vendor": "nvidia", "source": "procfs", "index": 0,
                             "name": "NVIDIA H200", "driver_version": "580.159.04",
                             "bus_id": "0000:00:06.0", "minor": 0}]
    human = cli("platform", "--root", str(root))
    assert "uarch     icelake" in human.out
    assert "gpu       NVIDIA H200 (driver 580.159.04)" in human.out


def test_the_driver_alone_is_one_gpu_object_without_a_gpu_list(cli, tmp_path):
    root = h200_root(tmp_path)
    shutil.rmtree(root / "proc/driver/nvidia/gpus")
    info = cli("platform", "--root", str(root), "--json").json()
    assert info["gpus"] == [{"vendor": "nvidia", "source": "procfs",
                             "driver_version": "580.159.04", "name": "", "index": None}]


def test_a_saved_zen3_machine(cli, tmp_path):
    (tmp_path / "proc").mkdir()
    shutil.copy(DATA / "cpuinfo-amd-epyc-zen3.txt", tmp_path / "proc/cpuinfo")
    info = cli("platform", "--root", str(tmp_path), "--json").json()
    cpu = info["cpu"]
    assert (cpu["vendor"], cpu["family"], cpu["model_number"]) == ("AuthenticAMD", 25, 1)
    assert cpu["microarchitecture"] == "zen3"  # what archspec 0.2.7 says on that machine
    assert info["gpus"] == [] and info["memory"] == {}


def test_an_empty_root_gives_unknowns_not_this_machines_facts(cli, tmp_path):
    info = cli("platform", "--root", str(tmp_path), "--json").json()
    assert info["cpu"]["model"] == "" and info["cpu"]["flags"] == []
    assert info["cpu"]["logical_cores"] == 0 and info["gpus"] == []
    assert info["container"] == {"inside": False, "kind": None, "evidence": []}
    assert info["libc"] == {"name": "unknown", "version": ""}


def test_a_missing_root_is_one_clear_error(cli, tmp_path):
    r = cli("platform", "--root", str(tmp_path / "nowhere"))
    assert r.rc == 2 and "not a directory" in r.err and "Traceback" not in r.err


def _smi(path: Path, marker: Path, body: str) -> Path:
    return write_tool(path / "nvidia-smi", f'echo "$@" >> {marker}\n{body}')


def test_nvidia_smi_is_asked_on_this_machine_and_never_for_a_saved_one(cli, tmp_path):
    marker = tmp_path / "ran"
    bindir = tmp_path / "bin"
    # the H200's values (shared/captures/h200-survey.txt) in the query's columns
    _smi(bindir, marker,
         'echo "0, NVIDIA H200, 580.159.04, 143771, 9.0, [N/A], 00000000:00:06.0"\n')
    env = {"PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    info = cli("platform", "--json", env=env).json()
    assert info["gpus"] == [{"vendor": "nvidia", "source": "nvidia-smi", "index": 0,
                             "name": "NVIDIA H200", "driver_version": "580.159.04",
                             "memory_mib": 143771, "compute_capability": "9.0",
                             "bus_id": "00000000:00:06.0"}]
    assert "--query-gpu=index,name,driver_version,memory.total,compute_cap,uuid,pci.bus_id" \
        in marker.read_text()
    human = cli("platform", env=env).out
    assert "gpu       NVIDIA H200 (driver 580.159.04, compute 9.0, 143771 MiB)" in human
    marker.unlink()
    cli("platform", "--root", str(h200_root(tmp_path)), "--json", env=env).json()
    assert not marker.exists(), "nvidia-smi describes this machine, not the saved one"


def test_an_old_driver_that_refuses_compute_cap_is_asked_again_with_less(cli, tmp_path):
    marker = tmp_path / "ran"
    _smi(tmp_path / "bin", marker,
         'case "$1" in *compute_cap*) echo \'Field "compute_cap" is not a valid field to '
         'query.\'; exit 2;; esac\necho "0, Tesla K80, 470.82.01, 11441"\n')
    env = {"PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    gpus = cli("platform", "--json", env=env).json()["gpus"]
    assert gpus == [{"vendor": "nvidia", "source": "nvidia-smi", "index": 0,
                     "name": "Tesla K80", "driver_version": "470.82.01", "memory_mib": 11441}]
    assert len(marker.read_text().splitlines()) == 2


def test_nvidia_smi_without_a_gpu_gives_none(cli, tmp_path):
    _smi(tmp_path / "bin", tmp_path / "ran", 'echo "No devices were found"; exit 6\n')
    env = {"PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    if os.path.exists("/proc/driver/nvidia/version"):
        return  # a real driver here answers for itself
    assert cli("platform", "--json", env=env).json()["gpus"] == []


def test_containers_by_their_marks(cli, tmp_path):
    docker = tmp_path / "docker"
    (docker / "proc/1").mkdir(parents=True)
    (docker / ".dockerenv").write_text("")
    (docker / "proc/1/cgroup").write_text(
        "12:pids:/docker/4f8a5b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e\n")
    c = cli("platform", "--root", str(docker), "--json", env={"container": ""}).json()
    assert c["container"]["inside"] and c["container"]["kind"] == "docker"
    assert c["container"]["evidence"] == ["/.dockerenv", "/proc/1/cgroup names docker"]
    podman = tmp_path / "podman"
    (podman / "run").mkdir(parents=True)
    (podman / "run/.containerenv").write_text("")
    c = cli("platform", "--root", str(podman), "--json", env={"container": "podman"}).json()
    assert c["container"]["kind"] == "podman"
    assert c["container"]["evidence"] == ["/run/.containerenv", "$container=podman"]
    sif = "/scratch/images/pytorch_25.01.sif"
    c = cli("platform", "--root", str(tmp_path / "podman"), "--json",
            env={"APPTAINER_CONTAINER": sif, "container": ""}).json()["container"]
    assert (c["kind"], c["image"]) == ("apptainer", sif)
    human = cli("platform", "--root", str(podman), env={"APPTAINER_CONTAINER": sif,
                                                         "container": ""}).out
    assert f"container apptainer ({sif}): $APPTAINER_CONTAINER, /run/.containerenv" in human


SLURM = {"SLURM_JOB_ID": "4242", "SLURM_JOB_NAME": "bench", "SLURM_JOB_NODELIST": "gpu[01-04]",
         "SLURM_JOB_NUM_NODES": "4", "SLURM_NTASKS": "16", "SLURM_CPUS_ON_NODE": "32",
         "SLURM_JOB_PARTITION": "h200", "SLURM_JOB_GPUS": "0,1,2,3"}


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: "" for k in os.environ if k.startswith(("SLURM_", "PBS_", "FLUX_", "LSB_"))}
    env.update(extra)
    return env


def test_the_slurm_job_we_are_in(cli, tmp_path):
    info = cli("platform", "--root", str(tmp_path), "--json", env=_clean_env(**SLURM)).json()
    assert info["job"] == {"scheduler": "slurm", "job_id": "4242", "job_name": "bench",
                           "nodes": "gpu[01-04]", "num_nodes": 4, "ntasks": 16,
                           "cpus_on_node": 32, "partition": "h200", "gpus": "0,1,2,3"}
    human = cli("platform", "--root", str(tmp_path), env=_clean_env(**SLURM)).out
    assert "job       slurm 4242 (nodes=gpu[01-04], ntasks=16, partition=h200)" in human


def test_hostile_job_variables_are_kept_as_text_and_shown_safely(cli, tmp_path):
    env = _clean_env(SLURM_JOBID="77", SLURM_NTASKS="4(x2)", SLURM_NODELIST="n1\x1b[2Jn2")
    info = cli("platform", "--root", str(tmp_path), "--json", env=env).json()
    assert info["job"] == {"scheduler": "slurm", "job_id": "77", "nodes": "n1\x1b[2Jn2"}
    human = cli("platform", "--root", str(tmp_path), env=env).out
    assert "nodes=n1?[2Jn2" in human and "\x1b" not in human


def test_other_schedulers_and_none(cli, tmp_path):
    def job(**env: str):
        return cli("platform", "--root", str(tmp_path), "--json",
                   env=_clean_env(**env)).json()["job"]

    assert job(PBS_JOBID="8812.pbs01", PBS_QUEUE="workq", PBS_JOBNAME="run") == {
        "scheduler": "pbs", "job_id": "8812.pbs01", "job_name": "run", "queue": "workq"}
    assert job(FLUX_JOB_ID="f2Zq4vZyRf", FLUX_JOB_SIZE="8", FLUX_JOB_NNODES="2") == {
        "scheduler": "flux", "job_id": "f2Zq4vZyRf", "ntasks": 8, "num_nodes": 2}
    assert job(JOB_ID="12", SGE_ROOT="/opt/sge", NSLOTS="4") == {
        "scheduler": "sge", "job_id": "12", "ntasks": 4}
    assert job(JOB_ID="12") is None  # JOB_ID alone is not a scheduler's
    assert job() is None
    human = cli("platform", "--root", str(tmp_path), env=_clean_env()).out
    assert "job       none" in human
