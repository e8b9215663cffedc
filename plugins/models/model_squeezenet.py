"""SqueezeNet 1.0/1.1 ImageNet classifiers, by their published file names."""

from ._base import ModelDir

_PT = {"format": "pytorch", "precision": "fp32", "layout": "NCHW", "input_shape": "1,3,224,224"}


class SqueezeNet(ModelDir):
    name = "model-squeezenet"
    aliases = ["squeezenet"]
    tags = ["squeezenet", "image-classification", "imagenet"]
    summary = "SqueezeNet 1.0/1.1 ImageNet classifiers (Caffe, PyTorch)"
    files = {
        "squeezenet_v1.1.caffemodel": {"format": "caffe", "precision": "fp32", "kind": "1.1",
                                       "layout": "NCHW", "input_shape": "1,3,227,227"},
        "squeezenet1_1-b8a52dc0.pth": {**_PT, "kind": "1.1"},
        "squeezenet1_0-b66bff10.pth": {**_PT, "kind": "1.0"},
    }
    markers = ["|".join(files)]
    version = "1"
