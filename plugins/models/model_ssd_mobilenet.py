"""SSD-MobileNet v1 (COCO), MLPerf Inference's retired detection reference."""

from ._base import ModelDir

_NHWC = {"layout": "NHWC", "input_shape": "1,300,300,3"}
_NCHW = {"layout": "NCHW", "input_shape": "1,3,300,300"}


class SSDMobileNet(ModelDir):
    name = "model-ssd-mobilenet"
    aliases = ["ssd-mobilenet"]
    tags = ["ssd-mobilenet", "object-detection", "coco", "mlperf"]
    summary = "SSD-MobileNet v1 COCO object detector (TF, ONNX, PyTorch)"
    # ssd_mobilenet_v1_coco_2018_01_28.tar.gz holds TF's generic frozen_inference_graph.pb
    # (every TF detection-zoo model has one): only in a dir whose path names this model
    files = {
        "frozen_inference_graph.pb": {"format": "tf", "precision": "fp32", **_NHWC},
        "tflite_graph.pb": {"format": "tf", "precision": "int8", **_NHWC},
        "ssd_mobilenet_v1_coco_2018_01_28.onnx": {"format": "onnx", "precision": "fp32",
                                                  **_NCHW},
        "ssd_mobilenet_v1.pytorch": {"format": "pytorch", "precision": "fp32", **_NCHW},
    }
    generic = ("frozen_inference_graph.pb", "tflite_graph.pb")
    path_regex = r"ssd[-_]mobilenet"
    markers = ["|".join(files)]
    version = "2018.01.28"
    rejects = True  # another detection-zoo model's frozen_inference_graph.pb: a negative case
