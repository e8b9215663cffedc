"""The ImageNet (ILSVRC2012) validation set, found by its image files."""

from envmgr.soft import Soft


class ImageNetVal(Soft):
    name = "dataset-imagenet-val"
    aliases = ["imagenet-val", "ilsvrc2012-val"]
    category = "dataset"
    tags = ["imagenet", "image-classification", "vision"]
    summary = "ImageNet ILSVRC2012 validation images (50,000 JPEG files)"
    # The first and the last of the 50,000 images: a dir holding both holds the set.
    markers = ["ILSVRC2012_val_00000001.JPEG", "ILSVRC2012_val_00050000.JPEG"]
    # Besides the host's data dirs ($ENVMGR_DATA/*, ~/datasets/*, /data/* ...):
    data_dirs = ["$ENVMGR_DATA/imagenet/val", "~/datasets/imagenet/val", "/data/imagenet/val",
                 "/datasets/imagenet/val"]
    version = "2012"
    rejects = True  # an incomplete copy (a marker missing): a negative case records it
    env = {"IMAGENET_VAL": "{prefix}"}
