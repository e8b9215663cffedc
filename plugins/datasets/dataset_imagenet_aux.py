"""ImageNet 2012 auxiliary files (Caffe's caffe_ilsvrc12.tar.gz), by their names."""

from envmgr.soft import Soft


class ImageNetAux(Soft):
    name = "dataset-imagenet-aux"
    aliases = ["imagenet-aux"]
    category = "dataset"
    tags = ["imagenet", "imagenet-aux", "labels", "image-classification"]
    summary = "ImageNet 2012 auxiliary files: synset_words.txt, synsets.txt, val.txt, mean"
    # four of caffe_ilsvrc12.tar.gz's files together (synset_words.txt alone is in many
    # label dirs)
    markers = ["synset_words.txt", "synsets.txt", "val.txt", "imagenet_mean.binaryproto"]
    version = "2012"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "imagenet-aux",
           "ENVMGR_DATASET_SYNSET_WORDS": "{prefix}/synset_words.txt",
           "ENVMGR_DATASET_VAL_LABELS": "{prefix}/val.txt"}
