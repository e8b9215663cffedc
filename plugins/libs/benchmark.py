"""Google Benchmark, the C++ micro-benchmark library, found by its pkg-config file."""

from envmgr.soft import Soft


class Benchmark(Soft):
    name = "google-benchmark"
    aliases = ["libbenchmark"]
    category = "lib"
    tags = ["benchmark"]
    summary = "Google Benchmark micro-benchmark library (pkg-config)"
    pkgconfig = "benchmark"
