"""torchaudio, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTorchAudio(Soft):
    name = "py-torchaudio"
    aliases = ["torchaudio"]
    category = "python-package"
    tags = ["ml", "audio", "deep-learning"]
    summary = "torchaudio, PyTorch's audio library (installed distribution)"
    python_dist = "torchaudio"
    side_by_side = True  # one in each Python's site-packages: a case has two
