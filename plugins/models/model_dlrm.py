"""DLRM (Criteo Terabyte), MLPerf Inference's retired recommendation reference."""

from ._base import ModelDir

_IN = {"layout": "NC", "input_shape": "dense 13 fp32 + 26 sparse indices"}


class DLRM(ModelDir):
    name = "model-dlrm"
    aliases = ["dlrm"]
    tags = ["dlrm", "recommendation", "criteo", "mlperf"]
    summary = "DLRM Criteo Terabyte recommender (PyTorch, ONNX)"
    files = {
        "tb00_40M.pt": {"format": "pytorch", "precision": "fp32", "size": "full", **_IN},
        "tb0875_10M.pt": {"format": "pytorch", "precision": "fp32", "size": "debug", **_IN},
        "tb00_40M.onnx": {"format": "onnx", "precision": "fp32", "size": "full", **_IN},
        "tb0875_10M.onnx": {"format": "onnx", "precision": "fp32", "size": "debug", **_IN},
    }
    markers = ["|".join(files)]
    version = "1.0"
