"""CIFAR-10, found by the batch files of its Python or binary archive."""

from envmgr.soft import Soft


class Cifar10(Soft):
    name = "dataset-cifar10"
    aliases = ["cifar10", "cifar-10"]
    category = "dataset"
    tags = ["cifar10", "cifar", "image-classification", "vision"]
    summary = "CIFAR-10 (60,000 32x32 images, 10 classes), Python or binary batches"
    # what cifar-10-python.tar.gz / cifar-10-binary.tar.gz unpack to (torchvision's cifar.py
    # names the first; the recipe's [tests] both)
    markers = ["cifar-10-batches-py/test_batch|cifar-10-batches-bin/test_batch.bin",
               "cifar-10-batches-py/data_batch_5|cifar-10-batches-bin/data_batch_5.bin"]
    version = "1.0"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "cifar10"}
