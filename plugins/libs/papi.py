"""PAPI, the Performance API for hardware counters, found by its pkg-config file."""

from envmgr.soft import Soft


class PAPI(Soft):
    name = "papi"
    aliases = ["libpapi"]
    category = "lib"
    tags = ["profiler", "performance-counters"]
    summary = "PAPI hardware performance counter library (pkg-config)"
    # papi.pc "Version: 7.0.0.0" (papi-7.0.pc, papi-7.0.0.0.pc are links to it);
    # papi.h's PAPI_VERSION is an encoded number.
    pkgconfig = "papi"
