"""EfficientNet-Lite0..4 ImageNet classifiers (TFLite), by their file names."""

from ._base import ModelDir

_TFLITE = {"format": "tflite", "layout": "NHWC"}


class EfficientNetLite(ModelDir):
    name = "model-efficientnet-lite"
    aliases = ["efficientnet-lite"]
    tags = ["efficientnet-lite", "efficientnet", "image-classification", "imagenet", "tflite"]
    summary = "EfficientNet-Lite0..4 ImageNet classifiers (TFLite fp32 and int8)"
    # the names inside efficientnet-lite<k>.tar.gz (recipes/models/model-efficientnet-lite.toml)
    files = {
        "efficientnet-lite0-fp32.tflite": {**_TFLITE, "precision": "fp32",
            "input_shape": "1,224,224,3"},
        "efficientnet-lite0-int8.tflite": {**_TFLITE, "precision": "int8",
            "input_shape": "1,224,224,3"},
        "efficientnet-lite1-fp32.tflite": {**_TFLITE, "precision": "fp32",
            "input_shape": "1,240,240,3"},
        "efficientnet-lite1-int8.tflite": {**_TFLITE, "precision": "int8",
            "input_shape": "1,240,240,3"},
        "efficientnet-lite2-fp32.tflite": {**_TFLITE, "precision": "fp32",
            "input_shape": "1,260,260,3"},
        "efficientnet-lite2-int8.tflite": {**_TFLITE, "precision": "int8",
            "input_shape": "1,260,260,3"},
        "efficientnet-lite3-fp32.tflite": {**_TFLITE, "precision": "fp32",
            "input_shape": "1,280,280,3"},
        "efficientnet-lite3-int8.tflite": {**_TFLITE, "precision": "int8",
            "input_shape": "1,280,280,3"},
        "efficientnet-lite4-fp32.tflite": {**_TFLITE, "precision": "fp32",
            "input_shape": "1,300,300,3"},
        "efficientnet-lite4-int8.tflite": {**_TFLITE, "precision": "int8",
            "input_shape": "1,300,300,3"},
    }
    markers = ["|".join(files)]
    name_regex = r"efficientnet-(?P<kind>lite[0-4])-(?:fp32|int8)\.tflite"
    version = "1.0"
