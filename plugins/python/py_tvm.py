"""Apache TVM, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTvm(Soft):
    name = "py-tvm"
    aliases = ["apache-tvm"]
    category = "python-package"
    tags = ["ml", "compiler"]
    summary = "Apache TVM, the deep learning compiler (apache-tvm, installed distribution)"
    python_dist = "apache-tvm"
    side_by_side = True  # one in each Python's site-packages: a case has two
