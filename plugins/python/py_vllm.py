"""vLLM, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyVllm(Soft):
    name = "py-vllm"
    aliases = ["vllm"]
    category = "python-package"
    tags = ["ml", "inference", "llm"]
    summary = "vLLM, LLM inference and serving engine (installed distribution)"
    python_dist = "vllm"
    side_by_side = True  # one in each Python's site-packages: a case has two
