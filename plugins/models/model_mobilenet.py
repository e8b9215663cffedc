"""MobileNet v1/v2 ImageNet classifiers, found by their published file names."""

from ._base import ModelDir

_NHWC = {"layout": "NHWC", "input_shape": "1,{resolution},{resolution},3"}


class MobileNet(ModelDir):
    name = "model-mobilenet"
    aliases = ["mobilenet"]
    tags = ["mobilenet", "image-classification", "imagenet"]
    summary = "MobileNet v1/v2 ImageNet classifiers (TFLite, TF frozen graph, ONNX)"
    # the names inside Google's mobilenet_v1_<m>_<r>[_quant].tgz and mobilenet_v2_<m>_<r>.tgz
    # (recipes/models/model-mobilenet.toml installs them); v3 and the quantized v2 archives
    # hold generic names (model.tflite) and are not detected
    files = {
        "mobilenet_v[12]_*[0-9].tflite": {"format": "tflite", "precision": "fp32", **_NHWC},
        "mobilenet_v[12]_*[0-9]_frozen.pb": {"format": "tf", "precision": "fp32", **_NHWC},
        "mobilenet_v1_*_quant.tflite": {"format": "tflite", "precision": "int8", **_NHWC},
        "mobilenet_v1_*_quant_frozen.pb": {"format": "tf", "precision": "int8", **_NHWC},
        "mobilenet_v1_1.0_224.onnx": {"format": "onnx", "precision": "fp32", "layout": "NCHW",
                                      "input_shape": "1,3,224,224"},
    }
    markers = ["|".join(files)]
    name_regex = (r"mobilenet_(?P<generation>v[12])_(?P<multiplier>\d\.\d+)_(?P<resolution>\d+)"
                  r"(?:_quant)?(?:_frozen)?\.(?:tflite|pb|onnx)")
    version = "2018.08.02"  # the revision the recipe installs (its only version)
