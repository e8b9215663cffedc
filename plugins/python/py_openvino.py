"""The OpenVINO runtime's Python API (openvino), found as an installed distribution."""

from envmgr.soft import Soft


class PyOpenvino(Soft):
    name = "py-openvino"
    category = "python-package"
    tags = ["ml", "inference"]
    summary = "OpenVINO runtime and Python API (openvino, installed distribution)"
    python_dist = "openvino"
    side_by_side = True  # one in each Python's site-packages: a case has two
