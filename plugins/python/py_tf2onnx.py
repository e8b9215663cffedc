"""tf2onnx, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTf2onnx(Soft):
    name = "py-tf2onnx"
    aliases = ["tf2onnx"]
    category = "python-package"
    tags = ["ml", "onnx", "converter"]
    summary = "tf2onnx, TensorFlow/Keras/TFLite to ONNX converter (installed distribution)"
    python_dist = "tf2onnx"
    side_by_side = True  # one in each Python's site-packages: a case has two
