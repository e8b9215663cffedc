"""KITTI object detection (2012), found by its training labels."""

from envmgr.soft import Soft


class Kitti(Soft):
    name = "dataset-kitti"
    aliases = ["kitti"]
    category = "dataset"
    tags = ["kitti", "object-detection", "autonomous-driving", "vision"]
    summary = "KITTI object detection: labels, left colour images and devkit"
    # data_object_label_2.zip: training/label_2/000000.txt ... 007480.txt (7,481 frames)
    markers = ["training/label_2/000000.txt", "training/label_2/007480.txt"]
    version = "2012"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "kitti",
           "ENVMGR_DATASET_LABELS": "{prefix}/training/label_2",
           "ENVMGR_DATASET_IMAGES": "{prefix}/training/image_2"}
