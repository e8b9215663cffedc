"""SSD-ResNet34 (COCO, 1200x1200), MLPerf Inference's retired large detection reference."""

from ._base import ModelDir

_NCHW = {"layout": "NCHW", "input_shape": "1,3,1200,1200"}


class SSDResNet34(ModelDir):
    name = "model-ssd-resnet34"
    aliases = ["ssd-resnet34"]
    tags = ["ssd-resnet34", "object-detection", "coco", "mlperf"]
    summary = "SSD-ResNet34 1200x1200 COCO object detector (ONNX, PyTorch, TF)"
    files = {
        "resnet34-ssd1200.onnx": {"format": "onnx", "precision": "fp32", **_NCHW},
        "ssd_resnet34_mAP_20.2.onnx": {"format": "onnx", "precision": "fp32", **_NCHW},
        "resnet34-ssd1200.pytorch": {"format": "pytorch", "precision": "fp32", **_NCHW},
        "tf_ssd_resnet34_22.1.zip": {"format": "tf", "precision": "fp32", "layout": "NHWC",
                                     "input_shape": "1,1200,1200,3"},
    }
    markers = ["|".join(files)]
    version = "1.0"
