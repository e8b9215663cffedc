"""CIFAR-100, found by the files of its Python or binary archive."""

from envmgr.soft import Soft


class Cifar100(Soft):
    name = "dataset-cifar100"
    aliases = ["cifar100", "cifar-100"]
    category = "dataset"
    tags = ["cifar100", "cifar", "image-classification", "vision"]
    summary = "CIFAR-100 (60,000 32x32 images, 100 classes), Python or binary files"
    # cifar-100-python.tar.gz: cifar-100-python/{train,test,meta}; the binary one:
    # cifar-100-binary/{train,test}.bin (torchvision's cifar.py, the recipe's [tests])
    markers = ["cifar-100-python/test|cifar-100-binary/test.bin",
               "cifar-100-python/train|cifar-100-binary/train.bin"]
    version = "1.0"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "cifar100"}
