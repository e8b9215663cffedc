"""Inception v3 ImageNet classifier, TF-slim frozen graph, by its file name."""

from ._base import ModelDir


class InceptionV3(ModelDir):
    name = "model-inception-v3"
    aliases = ["inception-v3"]
    tags = ["inception-v3", "inception", "image-classification", "imagenet"]
    summary = "Inception v3 ImageNet classifier (TF frozen graph, 2016_08_28)"
    files = {"inception_v3_2016_08_28_frozen.pb": {
        "format": "tf", "precision": "fp32", "layout": "NHWC", "input_shape": "1,299,299,3"}}
    markers = ["|".join(files)]
    version = "2016.08.28"
