"""MLPerf logging and its compliance checker, an installed distribution."""

from envmgr.soft import Soft


class PyMlperfLogging(Soft):
    name = "py-mlperf-logging"
    aliases = ["mlperf-logging"]
    category = "python-package"
    tags = ["mlperf", "benchmark"]
    summary = "MLPerf logging and compliance checker (mlperf-logging, installed distribution)"
    python_dist = "mlperf-logging"
    side_by_side = True  # one in each Python's site-packages: a case has two
