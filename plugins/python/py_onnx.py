"""ONNX, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyOnnx(Soft):
    name = "py-onnx"
    aliases = ["onnx"]
    category = "python-package"
    tags = ["ml", "model-format"]
    summary = "ONNX, the Open Neural Network Exchange format (installed distribution)"
    python_dist = "onnx"
    side_by_side = True  # one in each Python's site-packages: a case has two
