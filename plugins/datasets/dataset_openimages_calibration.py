"""MLPerf's OpenImages calibration image list, by its file name."""

from envmgr.soft import Soft


class OpenImagesCalibration(Soft):
    name = "dataset-openimages-calibration"
    aliases = ["openimages-calibration"]
    category = "dataset"
    tags = ["openimages", "calibration", "mlperf"]
    summary = "MLPerf's OpenImages calibration list (openimages_cal_images_list.txt)"
    markers = ["openimages_cal_images_list.txt"]
    version = "1.0"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "openimages-calibration",
           "ENVMGR_DATASET_FILE": "{prefix}/openimages_cal_images_list.txt"}
