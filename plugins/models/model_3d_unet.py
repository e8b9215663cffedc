"""3D-UNet (KiTS19), MLPerf Inference's medical-imaging reference, by its file names."""

from ._base import ModelDir


class UNet3D(ModelDir):
    name = "model-3d-unet"
    aliases = ["3d-unet"]
    tags = ["3d-unet", "unet", "segmentation", "kits19", "mlperf"]
    summary = "3D-UNet KiTS19 kidney tumour segmentation (ONNX, PyTorch, TF)"
    files = {
        "3dunet_kits19_128x128x128_dynbatch.onnx": {
            "format": "onnx", "precision": "fp32", "layout": "NCDHW",
            "input_shape": "1,1,128,128,128"},
        "3dunet_kits19_pytorch.ptc": {"format": "pytorch", "precision": "fp32",
                                      "layout": "NCDHW", "input_shape": "1,1,128,128,128"},
        "3dunet_kits19_128x128x128.tf.zip": {"format": "tf", "precision": "fp32",
                                             "layout": "NDHWC", "input_shape": "1,128,128,128,1"},
    }
    markers = ["|".join(files)]
    version = "1.0"
