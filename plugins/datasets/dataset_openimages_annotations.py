"""MLPerf's OpenImages validation annotations (openimages-mlperf.json) in a dir of its own."""

from envmgr.soft import Soft


class OpenImagesAnnotations(Soft):
    name = "dataset-openimages-annotations"
    aliases = ["openimages-annotations"]
    category = "dataset"
    tags = ["openimages", "annotations", "object-detection", "mlperf"]
    summary = "MLPerf's OpenImages (RetinaNet) validation annotations, openimages-mlperf.json"
    # openimages-mlperf_annotations_2.1.json.zip unpacks to openimages-mlperf.json
    markers = ["openimages-mlperf.json"]
    version = "2.1"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "openimages-annotations",
           "ENVMGR_DATASET_ANNOTATIONS": "{prefix}/openimages-mlperf.json"}
