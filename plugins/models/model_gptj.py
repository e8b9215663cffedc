"""GPT-J 6B (CNN/DailyMail), MLPerf's checkpoint as its zip unpacks: gpt-j/checkpoint-final."""

from envmgr.soft import Soft


class GPTJ(Soft):
    name = "model-gptj"
    aliases = ["gptj", "gpt-j"]
    category = "model"
    tags = ["gptj", "gpt-j", "llm", "summarization", "mlperf"]
    summary = "GPT-J 6B CNN/DailyMail checkpoint (MLPerf, Hugging Face PyTorch layout)"
    # checkpoint.zip from cloud.mlcommons.org unpacks to gpt-j/checkpoint-final/
    # (mlcommons/inference language/gpt-j README)
    markers = ["gpt-j/checkpoint-final"]
    version = "1.0"
    env = {"ENVMGR_MODEL_ROOT": "{prefix}", "ENVMGR_MODEL_NAME": "gptj",
           "ENVMGR_MODEL_FILE": "{prefix}/gpt-j/checkpoint-final",
           "ENVMGR_MODEL_FRAMEWORK": "pytorch", "ENVMGR_MODEL_PRECISION": "fp32"}
