"""AlexNet ImageNet classifier, torchvision's PyTorch weights, by their file names."""

from ._base import ModelDir

_PT = {"format": "pytorch", "precision": "fp32", "layout": "NCHW", "input_shape": "1,3,224,224"}


class AlexNet(ModelDir):
    name = "model-alexnet"
    aliases = ["alexnet"]
    tags = ["alexnet", "image-classification", "imagenet"]
    summary = "AlexNet ImageNet classifier (torchvision's PyTorch weights)"
    # torchvision >= 0.13's weights, and the older alexnet-owt-4df8aa71.pth it named before
    files = {"alexnet-owt-7be5be79.pth": _PT, "alexnet-owt-4df8aa71.pth": _PT}
    markers = ["|".join(files)]
    version = "1"
