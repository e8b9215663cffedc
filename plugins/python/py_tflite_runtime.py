"""The TensorFlow Lite runtime (tflite-runtime or ai-edge-litert), an installed distribution."""

from envmgr.soft import Soft


class PyTfliteRuntime(Soft):
    name = "py-tflite-runtime"
    aliases = ["tflite-runtime", "litert"]
    category = "python-package"
    tags = ["ml", "inference", "tflite"]
    summary = "TensorFlow Lite runtime (tflite-runtime, or its successor ai-edge-litert)"
    # each name is one build of the same package; one dist-info per site-packages
    python_dist = ["tflite-runtime", "ai-edge-litert"]
    side_by_side = True  # one in each Python's site-packages: a case has two
