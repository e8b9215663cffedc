"""PAPI's command-line tools (papi_avail, papi_version), found by papi_version."""

from envmgr.soft import Soft


class PapiTools(Soft):
    name = "papi-tools"
    category = "tool"
    tags = ["profiler", "hpc"]
    summary = "PAPI performance counter tools (papi_avail, papi_version)"
    executables = [r"papi_version"]
    companions = ["papi_avail", "papi_native_avail", "papi_component_avail", "papi_cost"]
    version_args = ()
    # "PAPI Version: 7.0.0.0"
    version_regex = r"^PAPI Version: (?P<version>\d+\.\d+\.\d+(?:\.\d+)?)"
