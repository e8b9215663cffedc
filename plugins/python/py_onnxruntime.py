"""ONNX Runtime, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyOnnxRuntime(Soft):
    name = "py-onnxruntime"
    aliases = ["onnxruntime"]
    category = "python-package"
    tags = ["ml", "inference", "runtime"]
    summary = "ONNX Runtime, the inference engine for ONNX models (installed distribution)"
    python_dist = "onnxruntime"
    side_by_side = True  # one in each Python's site-packages: a case has two
