"""LibriSpeech ASR corpus, found by its split dirs under LibriSpeech/."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Probed, Soft

SPLITS = ("dev-clean", "dev-other", "test-clean", "test-other", "train-clean-100",
          "train-clean-360", "train-other-500")


class LibriSpeech(Soft):
    name = "dataset-librispeech"
    aliases = ["librispeech"]
    category = "dataset"
    tags = ["librispeech", "speech-recognition", "audio"]
    summary = "LibriSpeech ASR corpus (openslr.org/12), one or more splits"
    # every split's tar.gz unpacks to LibriSpeech/<split>/<speaker>/<chapter>/...
    markers = ["|".join(f"LibriSpeech/{s}" for s in SPLITS)]
    version = "1.0"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "librispeech"}

    @classmethod
    def probe_directory(cls, candidate: Candidate) -> Probed:
        """The version, and the splits that are there (``attrs.splits``)."""
        found = super().probe_directory(candidate)
        base = os.path.join(candidate.realpath, "LibriSpeech")
        splits = [s for s in SPLITS if os.path.isdir(os.path.join(base, s))]
        env = {"ENVMGR_DATASET_AUDIO": "{prefix}/LibriSpeech/" + splits[0],
               "ENVMGR_DATASET_SPLIT": splits[0]} if splits else {}
        return {**found, "attrs": {"splits": splits}, "env": env, "tags": splits}
