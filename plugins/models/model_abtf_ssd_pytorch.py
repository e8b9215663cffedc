"""MLPerf Automotive's SSD-ResNet50 PyTorch checkpoints, by their published file names."""

from ._base import ModelDir


class AbtfSSD(ModelDir):
    name = "model-abtf-ssd-pytorch"
    aliases = ["abtf-ssd-pytorch"]
    tags = ["abtf-ssd-pytorch", "ssd", "resnet50", "object-detection", "automotive", "mlperf"]
    summary = "MLPerf Automotive SSD-ResNet50 checkpoints (COCO e01/e65, Cognata 8 MP baseline)"
    files = {
        "SSD_e65.pth": {"format": "pytorch", "precision": "fp32", "weights": "e65",
                        "layout": "NCHW", "input_shape": "1,3,300,300"},
        "SSD_e1.pth": {"format": "pytorch", "precision": "fp32", "weights": "e01",
                       "layout": "NCHW", "input_shape": "1,3,300,300"},
        "baseline_8MP_ss_scales_all_ep60.pth": {"format": "pytorch", "precision": "fp32",
                                                "weights": "mvp", "layout": "NCHW"},
    }
    markers = ["|".join(files)]
    version = "1.0"
