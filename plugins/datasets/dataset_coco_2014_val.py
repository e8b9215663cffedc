"""COCO 2014 validation images with their annotations."""

from envmgr.soft import Soft


class Coco2014Val(Soft):
    name = "dataset-coco-2014-val"
    aliases = ["coco2014-val", "coco2014"]
    category = "dataset"
    tags = ["coco", "coco2014", "object-detection", "vision"]
    summary = "COCO 2014 validation images (40,504) and annotations"
    # annotations_trainval2014.zip unpacks to annotations/instances_val2014.json ..., and
    # val2014.zip to val2014/COCO_val2014_000000000042.jpg ... (CK's marker, ctuning/ck-env
    # package/dataset-coco-2014-val); the recipe's part=annotations installs only the first
    markers = ["annotations/instances_val2014.json"]
    version = "2014"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "coco-2014-val",
           "ENVMGR_DATASET_IMAGES": "{prefix}/val2014",
           "ENVMGR_DATASET_ANNOTATIONS": "{prefix}/annotations/instances_val2014.json"}
