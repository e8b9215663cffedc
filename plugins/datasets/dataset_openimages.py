"""MLPerf's OpenImages validation set, as mlcommons/inference's openimages_mlperf.sh lays it."""

from envmgr.soft import Soft


class OpenImages(Soft):
    name = "dataset-openimages"
    aliases = ["openimages", "openimages-mlperf"]
    category = "dataset"
    tags = ["openimages", "object-detection", "mlperf", "vision"]
    summary = "OpenImages v6 MLPerf validation subset (24,781 images) with its annotations"
    # openimages_mlperf.sh (fiftyone) writes validation/data/<id>.jpg and the converted
    # validation/labels/openimages-mlperf.json
    markers = ["validation/labels/openimages-mlperf.json", "validation/data"]
    version = "6"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "openimages",
           "ENVMGR_DATASET_IMAGES": "{prefix}/validation/data",
           "ENVMGR_DATASET_ANNOTATIONS": "{prefix}/validation/labels/openimages-mlperf.json"}
