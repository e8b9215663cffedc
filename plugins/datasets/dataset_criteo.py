"""The Criteo Terabyte click logs (DLRM's dataset), found by its day files."""

from envmgr.soft import Soft


class Criteo(Soft):
    name = "dataset-criteo"
    aliases = ["criteo", "criteo-terabyte"]
    category = "dataset"
    tags = ["criteo", "criteo-terabyte", "recommendation", "mlperf"]
    summary = "Criteo Terabyte click logs (24 days), DLRM's dataset"
    # facebookresearch/dlrm's README: the raw files day_0.gz ... day_23.gz, unzipped to
    # day_0 ... day_23 (labs.criteo.com gives them only after accepting its terms)
    markers = ["day_0|day_0.gz", "day_23|day_23.gz"]
    version = "1.0"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "criteo"}
