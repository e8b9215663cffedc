"""The Hugging Face Hub's command-line interface: hf, and huggingface-cli before it."""

from envmgr.soft import Soft


class HuggingFaceCli(Soft):
    name = "huggingface-cli"
    aliases = ["hf"]
    category = "tool"
    tags = ["ml", "huggingface"]
    summary = "Hugging Face Hub command-line interface (hf, huggingface-cli)"
    executables = [r"hf", r"huggingface-cli"]
    version_args = ["version"]
    # "huggingface_hub version: 0.36.0" (huggingface-cli of huggingface_hub 0.x);
    # "  version: 2.4.0" under a colour-coded "hf version" heading (hf of 1.x and 2.x).
    version_regex = (r"^(?:huggingface_hub version: |\s+version: )"
                     r"(?P<version>\d+\.\d+\.\d+(?:\.?(?:rc|dev)\d+)?)\s*$")
    # offline, no colours, no telemetry
    probe_env = {"NO_COLOR": "1", "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}
    timeout = 20.0
    side_by_side = True  # hf 2.x beside huggingface-cli 0.x: a case has both
