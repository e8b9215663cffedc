"""The ImageNet (ILSVRC2012) training set, unpacked into one dir per synset."""

from envmgr.soft import Soft


class ImageNetTrain(Soft):
    name = "dataset-imagenet-train"
    aliases = ["imagenet-train", "ilsvrc2012-train"]
    category = "dataset"
    tags = ["imagenet", "image-classification", "vision"]
    summary = "ImageNet ILSVRC2012 training images (1.28 M JPEG files, 1,000 synset dirs)"
    # ILSVRC2012_img_train.tar holds one tar per synset; unpacked, the first synset's first
    # image and the last synset's dir (n01440764 ... n15075141)
    markers = ["n01440764/n01440764_10026.JPEG", "n15075141"]
    version = "2012"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "imagenet-train",
           "ENVMGR_DATASET_IMAGES": "{prefix}"}
