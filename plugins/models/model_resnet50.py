"""ResNet-50 v1.5, MLPerf Inference's image-classification reference, by its file names."""

from ._base import ModelDir

_NCHW = {"layout": "NCHW", "input_shape": "1,3,224,224"}
_NHWC = {"layout": "NHWC", "input_shape": "1,224,224,3"}


class ResNet50(ModelDir):
    name = "model-resnet50"
    aliases = ["resnet50"]
    tags = ["resnet50", "image-classification", "imagenet", "mlperf"]
    summary = "ResNet-50 v1.5 ImageNet classifier (ONNX, TF, PyTorch, TFLite)"
    # the names the MLPerf downloads keep (recipes/models/model-resnet50.toml)
    files = {
        "resnet50_v1.onnx": {"format": "onnx", "precision": "fp32", **_NCHW},
        "resnet50_v1.pb": {"format": "tf", "precision": "fp32", **_NHWC},
        "resnet50-19c8e357.pth": {"format": "pytorch", "precision": "fp32", **_NCHW},
        "resnet50_INT8bit_quantized.pt": {"format": "pytorch", "precision": "int8", **_NCHW},
        "resnet50_v1.no-argmax.tflite": {"format": "tflite", "precision": "fp32", **_NHWC},
        "resnet50_quant_full_mlperf_edgetpu.tflite": {"format": "tflite", "precision": "int8",
                                                      **_NHWC},
    }
    markers = ["|".join(files)]
    version = "1.5"
