"""ONNX GraphSurgeon, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyOnnxGraphsurgeon(Soft):
    name = "py-onnx-graphsurgeon"
    aliases = ["onnx-graphsurgeon"]
    category = "python-package"
    tags = ["ml", "onnx"]
    summary = "ONNX GraphSurgeon, NVIDIA's ONNX graph editor (installed distribution)"
    python_dist = "onnx-graphsurgeon"
    side_by_side = True  # one in each Python's site-packages: a case has two
