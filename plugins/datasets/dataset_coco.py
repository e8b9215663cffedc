"""COCO 2017, found by its validation annotations."""

from envmgr.soft import Soft


class Coco2017(Soft):
    name = "dataset-coco"
    aliases = ["coco", "coco2017"]
    category = "dataset"
    tags = ["coco", "coco2017", "object-detection", "vision"]
    summary = "COCO 2017 validation images and annotations"
    # annotations_trainval2017.zip unpacks to annotations/instances_val2017.json ...;
    # val2017.zip to val2017/000000000139.jpg ... (the recipe's [tests])
    markers = ["annotations/instances_val2017.json"]
    version = "2017"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "coco",
           "ENVMGR_DATASET_IMAGES": "{prefix}/val2017",
           "ENVMGR_DATASET_ANNOTATIONS": "{prefix}/annotations/instances_val2017.json"}
