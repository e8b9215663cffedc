"""RNN-T (LibriSpeech), MLPerf Inference's retired speech reference, by its checkpoint name."""

from ._base import ModelDir


class RNNT(ModelDir):
    name = "model-rnnt"
    aliases = ["rnnt"]
    tags = ["rnnt", "speech-recognition", "librispeech", "mlperf"]
    summary = "RNN-T LibriSpeech speech recogniser (PyTorch checkpoint)"
    files = {"DistributedDataParallel_1576581068.9962234-epoch-100.pt": {
        "format": "pytorch", "precision": "fp32",
        "input_shape": "audio features (80 log-mel, stacked)"}}
    markers = ["|".join(files)]
    version = "1.0"
