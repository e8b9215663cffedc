"""CK's small OpenImages 2018 validation subset, found by its first image and annotations."""

from envmgr.soft import Soft


class OpenImagesMin(Soft):
    name = "dataset-openimages-min"
    aliases = ["openimages-min"]
    category = "dataset"
    tags = ["openimages", "object-detection", "subset"]
    summary = "CK's small OpenImages 2018 validation subset (validation-min/ and box CSV)"
    # ctuning/ck-env package/dataset-openimages-min: OpenImages2018-val-min.tar.gz unpacks to
    # validation-min/ (its marker validation-min/005bd647ca0ac947.jpg), beside the CSV
    markers = ["validation-min/005bd647ca0ac947.jpg", "validation-annotations-bbox-min.csv"]
    version = "2018"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "openimages-min",
           "ENVMGR_DATASET_IMAGES": "{prefix}/validation-min",
           "ENVMGR_DATASET_ANNOTATIONS": "{prefix}/validation-annotations-bbox-min.csv"}
