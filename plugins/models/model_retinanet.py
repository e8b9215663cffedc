"""RetinaNet (ResNeXt50-32x4d FPN, OpenImages), MLPerf Inference's detection reference."""

from ._base import ModelDir

_NCHW = {"layout": "NCHW", "input_shape": "1,3,800,800"}


class RetinaNet(ModelDir):
    name = "model-retinanet"
    aliases = ["retinanet"]
    tags = ["retinanet", "object-detection", "openimages", "mlperf"]
    summary = "RetinaNet ResNeXt50-32x4d FPN OpenImages detector (ONNX, PyTorch)"
    files = {
        "resnext50_32x4d_fpn.onnx": {"format": "onnx", "precision": "fp32", **_NCHW},
        "resnext50_32x4d_fpn.pth": {"format": "pytorch", "precision": "fp32", **_NCHW},
    }
    markers = ["|".join(files)]
    version = "1.0"
