"""MLPerf's ImageNet calibration image lists, by their file names."""

from envmgr.soft import Soft


class ImageNetCalibration(Soft):
    name = "dataset-imagenet-calibration"
    aliases = ["imagenet-calibration"]
    category = "dataset"
    tags = ["imagenet", "calibration", "mlperf"]
    summary = "MLPerf's ImageNet calibration lists (cal_image_list_option_1/2.txt)"
    markers = ["cal_image_list_option_1.txt|cal_image_list_option_2.txt"]
    version = "1.0"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "imagenet-calibration"}
