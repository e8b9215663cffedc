"""Apache TVM, the deep-learning compiler stack, found as an installed distribution.

PyPI's wheel (apache-tvm) and TLCPack's older ones (tlcpack) carry libtvm in the package;
the distribution's metadata is the version the package's tvm.__version__ reports.
"""

from envmgr.soft import Soft


class TVM(Soft):
    name = "tvm"
    aliases = ["apache-tvm", "tvmc"]
    category = "compiler"
    tags = ["ml-compiler", "deep-learning"]
    summary = "Apache TVM deep-learning compiler (installed distribution)"
    python_dist = ["apache-tvm", "tlcpack"]
    side_by_side = True  # one in each Python's site-packages: a case has two
