"""MNIST handwritten digits, found by its four IDX files (gzipped or not)."""

from envmgr.soft import Soft


class Mnist(Soft):
    name = "dataset-mnist"
    aliases = ["mnist"]
    category = "dataset"
    tags = ["mnist", "image-classification", "vision"]
    summary = "MNIST handwritten digits, the four IDX files"
    markers = [f"{n}.gz|{n}" for n in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                       "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]
    version = "1.0"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "mnist"}
