"""ResNet-18 ImageNet classifier, torchvision's PyTorch weights, by their file names."""

from ._base import ModelDir

_PT = {"format": "pytorch", "precision": "fp32", "layout": "NCHW", "input_shape": "1,3,224,224"}


class ResNet18(ModelDir):
    name = "model-resnet18"
    aliases = ["resnet18"]
    tags = ["resnet18", "resnet", "image-classification", "imagenet"]
    summary = "ResNet-18 ImageNet classifier (torchvision's PyTorch weights)"
    # torchvision's names: <arch>-<first 8 hex digits of the sha256>.pth
    files = {"resnet18-5c106cde.pth": _PT, "resnet18-f37072fd.pth": _PT}
    markers = ["|".join(files)]
    version = "1"
