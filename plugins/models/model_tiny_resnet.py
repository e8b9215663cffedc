"""MLPerf Tiny's ResNet (CIFAR-10 image classification), by its TFLite file name."""

from ._base import ModelDir


class TinyResNet(ModelDir):
    name = "model-tiny-resnet"
    aliases = ["tiny-resnet"]
    tags = ["tiny-resnet", "resnet", "image-classification", "cifar10", "mlperf-tiny"]
    summary = "MLPerf Tiny ResNet CIFAR-10 classifier (int8 TFLite)"
    files = {"pretrainedResnet_quant.tflite": {"format": "tflite", "precision": "int8",
                                               "layout": "NHWC", "input_shape": "1,32,32,3"}}
    markers = ["|".join(files)]
    version = "1.0"
