"""GoogLeNet (Inception v1) ImageNet classifier, by its published file names."""

from ._base import ModelDir


class GoogLeNet(ModelDir):
    name = "model-googlenet"
    aliases = ["googlenet", "inception-v1"]
    tags = ["googlenet", "inception-v1", "image-classification", "imagenet"]
    summary = "GoogLeNet / Inception v1 ImageNet classifier (TF frozen graph, PyTorch)"
    files = {
        "inception_v1.frozen.pb": {"format": "tf", "precision": "fp32", "layout": "NHWC",
                                   "input_shape": "1,224,224,3"},
        "googlenet-1378be20.pth": {"format": "pytorch", "precision": "fp32", "layout": "NCHW",
                                   "input_shape": "1,3,224,224"},
    }
    markers = ["|".join(files)]
    version = "1"
