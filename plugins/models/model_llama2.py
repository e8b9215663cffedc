"""Llama 2 (Meta's, Hugging Face layout), a copy registered from disk: the model is gated."""

from __future__ import annotations

import re

from envmgr.soft import Candidate, Probed, Reject, Soft

from ._base import tail


class Llama2(Soft):
    name = "model-llama2"
    aliases = ["llama2", "llama-2"]
    category = "model"
    tags = ["llama2", "llm", "mlperf"]
    summary = "Llama 2 7B/13B/70B (chat) in Hugging Face layout, MLPerf's LLM reference"
    # the files of huggingface.co/meta-llama/Llama-2-7b-chat-hf (and -70b-chat-hf); other
    # Llama-architecture models (Mistral, Llama 3) ship the same names, so the dir's name must
    # say Llama-2 (a Hugging Face snapshot dir or an envmgr install prefix does)
    markers = ["config.json", "generation_config.json", "tokenizer.model"]
    version = "2"
    rejects = True  # another model's dir with the same file names: a negative case
    env = {"ENVMGR_MODEL_ROOT": "{prefix}", "ENVMGR_MODEL_NAME": "llama2",
           "ENVMGR_MODEL_FILE": "{prefix}", "ENVMGR_MODEL_FRAMEWORK": "pytorch"}

    @classmethod
    def probe_directory(cls, candidate: Candidate) -> Probed:
        """Version 2, with the size (``7b`` ...) and ``chat`` the dir's name says."""
        # the nearest name that says Llama-2 (the dir's own, else a parent's)
        found = list(re.finditer(r"llama[-_]?2(?:[-_](\d+b))?(?:[-_](chat))?",
                                 tail(candidate.path), re.I))
        if not found:
            raise Reject(f"{candidate.path} holds Hugging Face model files, but its path does "
                         "not name Llama-2")
        m = found[-1]
        attrs = {k: v for k, v in (("size", (m.group(1) or "").lower()),
                                   ("chat", "yes" if m.group(2) else "")) if v}
        return {**super().probe_directory(candidate), "attrs": attrs,
                "tags": [attrs["size"]] if "size" in attrs else []}
