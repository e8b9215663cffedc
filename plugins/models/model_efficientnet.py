"""EfficientNet-B0, TensorFlow checkpoint, found where its path names it."""

from ._base import ModelDir


class EfficientNet(ModelDir):
    name = "model-efficientnet"
    aliases = ["efficientnet-b0"]
    tags = ["efficientnet", "efficientnet-b0", "image-classification", "imagenet"]
    summary = "EfficientNet-B0 ImageNet classifier (TF checkpoint)"
    # efficientnet-b0.tar.gz holds a TF checkpoint: checkpoint, model.ckpt.index ..., names
    # of every TF checkpoint, so only in a dir whose path names EfficientNet (not -Lite)
    files = {"checkpoint": {"format": "tf", "precision": "fp32", "layout": "NHWC",
                            "input_shape": "1,224,224,3"}}
    generic = ("checkpoint",)
    path_regex = r"efficientnet(?![-_]?lite)"
    markers = ["checkpoint"]
    version = "1.0"
    rejects = True  # another model's TF checkpoint: a negative case records it
