"""Slurm, the HPC workload manager, found by its client commands."""

import os

from envmgr.soft import Soft


class Slurm(Soft):
    name = "slurm"
    aliases = ["slurm-client"]
    category = "scheduler"
    tags = ["hpc", "batch"]
    summary = "Slurm workload manager client commands (srun, sbatch, sinfo)"
    executables = [r"sinfo", r"srun", r"sbatch", r"squeue", r"salloc", r"scontrol"]
    companions = ["srun", "sbatch", "sinfo", "squeue", "salloc", "scancel", "scontrol", "sacct"]
    search_dirs = ["/opt/slurm/bin", "/usr/local/slurm/bin"]
    # "slurm 22.05.8", "slurm-wlm 22.05.8" (Debian's older builds), "slurm 23.11.4-1";
    # another srun (a lookalike wrapper that needs a controller) prints no such line.
    version_regex = r"^slurm(?:-wlm)? (?P<version>\d+\.\d+\.\d+(?:-\d+)?)\s*$"
    # The commands read a slurm.conf (or ask DNS for one) before their arguments, and die
    # without one: a minimal one beside this module lets --version answer on any machine.
    probe_env = {"SLURM_CONF": os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                            "slurm-version.conf")}
    env = {"SLURM_HOME": "{prefix}"}
