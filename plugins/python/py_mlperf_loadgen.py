"""MLPerf Inference LoadGen's Python bindings (mlcommons-loadgen), an installed distribution."""

from envmgr.soft import Soft


class PyMlperfLoadgen(Soft):
    name = "py-mlperf-loadgen"
    aliases = ["py-mlcommons-loadgen", "mlcommons-loadgen", "mlperf-loadgen-py"]
    category = "python-package"
    tags = ["mlperf", "benchmark"]
    summary = "MLPerf Inference LoadGen bindings (mlcommons-loadgen: mlperf_loadgen)"
    # each name is one build of the same package; one dist-info per site-packages
    python_dist = ["mlcommons-loadgen", "mlperf-loadgen"]
    side_by_side = True  # one in each Python's site-packages: a case has two
