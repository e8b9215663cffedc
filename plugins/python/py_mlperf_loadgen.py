"""MLPerf Inference LoadGen Python bindings (mlcommons-loadgen, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyMlperfLoadgen(Soft):
    name = "py-mlperf-loadgen"
    aliases = ["py-mlcommons-loadgen", "mlcommons-loadgen", "mlperf-loadgen-py"]
    category = "python-package"
    tags = ["mlperf", "benchmark"]
    summary = "MLPerf Inference LoadGen Python bindings (mlcommons-loadgen, module mlperf_loadgen, installed distribution)"
    # each name is one build of the same package; one dist-info per site-packages
    python_dist = ["mlcommons-loadgen", "mlperf-loadgen"]
    side_by_side = True  # one in each Python's site-packages: a case has two
