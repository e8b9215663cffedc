"""OpenAI Triton, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyTriton(Soft):
    name = "py-triton"
    category = "python-package"
    tags = ["ml", "gpu", "compiler"]
    summary = "OpenAI Triton, the GPU kernel language and compiler (triton, installed distribution)"
    # each name is one build of the same package; one dist-info per site-packages
    python_dist = ["triton", "pytorch-triton"]
    side_by_side = True  # one in each Python's site-packages: a case has two
