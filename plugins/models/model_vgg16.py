"""VGG-16 ImageNet classifier (Oxford VGG's Caffe model, torchvision's weights), by name."""

from ._base import ModelDir


class VGG16(ModelDir):
    name = "model-vgg16"
    aliases = ["vgg16"]
    tags = ["vgg16", "vgg", "image-classification", "imagenet"]
    summary = "VGG-16 ImageNet classifier (Caffe, PyTorch)"
    files = {
        "VGG_ILSVRC_16_layers.caffemodel": {"format": "caffe", "precision": "fp32",
                                            "layout": "NCHW", "input_shape": "1,3,224,224"},
        "vgg16-397923af.pth": {"format": "pytorch", "precision": "fp32", "layout": "NCHW",
                               "input_shape": "1,3,224,224"},
    }
    markers = ["|".join(files)]
    version = "1"
