"""ONNX Script, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyOnnxscript(Soft):
    name = "py-onnxscript"
    aliases = ["onnxscript"]
    category = "python-package"
    tags = ["ml", "onnx"]
    summary = "ONNX Script, authoring ONNX functions in Python (installed distribution)"
    python_dist = "onnxscript"
    side_by_side = True  # one in each Python's site-packages: a case has two
