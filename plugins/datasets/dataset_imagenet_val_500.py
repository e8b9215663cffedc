"""The first 500 ImageNet 2012 validation images (MLC's default subset)."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Soft


class ImageNetVal500(Soft):
    name = "dataset-imagenet-val-500"
    aliases = ["imagenet-val-500"]
    category = "dataset"
    tags = ["imagenet", "imagenet-val", "subset", "image-classification"]
    summary = "The first 500 ImageNet 2012 validation images (ILSVRC2012_img_val_500.tar)"
    markers = ["ILSVRC2012_val_00000001.JPEG", "ILSVRC2012_val_00000500.JPEG"]
    version = "2012"
    rejects = True  # a dir with image 501 too is a larger set (the full one): a negative case
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "imagenet-val-500",
           "ENVMGR_DATASET_IMAGES": "{prefix}", "ENVMGR_DATASET_COUNT": "500"}

    @classmethod
    def skip_candidate(cls, candidate: Candidate) -> str | None:
        """Not the 500-image subset when the 501st image is there too."""
        if os.path.exists(os.path.join(candidate.path, "ILSVRC2012_val_00000501.JPEG")):
            return "it holds ILSVRC2012_val_00000501.JPEG: a larger set than the 500 subset"
        return None
