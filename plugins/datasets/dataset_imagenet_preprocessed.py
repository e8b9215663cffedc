"""ImageNet validation images preprocessed by MLPerf's reference loader (one .npy each)."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Probed, Soft


class ImageNetPreprocessed(Soft):
    name = "dataset-imagenet-preprocessed"
    aliases = ["imagenet-preprocessed"]
    category = "dataset"
    tags = ["imagenet", "imagenet-val", "preprocessed", "mlperf"]
    summary = "ImageNet 2012 validation images preprocessed by MLPerf's loader (.npy per image)"
    # mlcommons/inference vision/classification_and_detection/python/imagenet.py caches each
    # image as <cache_dir>/preprocessed/<name>/<NHWC|NCHW>/ILSVRC2012_val_00000001.JPEG.npy
    markers = ["ILSVRC2012_val_00000001.JPEG.npy"]
    data_dirs = ["$ENVMGR_DATA/preprocessed/*/NHWC", "$ENVMGR_DATA/preprocessed/*/NCHW",
                 "~/datasets/preprocessed/*/NHWC", "~/datasets/preprocessed/*/NCHW"]
    version = "2012"
    side_by_side = True  # NHWC and NCHW caches side by side: a case holds both
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "imagenet-preprocessed",
           "ENVMGR_DATASET_IMAGES": "{prefix}"}

    @classmethod
    def probe_directory(cls, candidate: Candidate) -> Probed:
        """The version, and the tensor layout the dir's name says (``attrs.layout``)."""
        found = super().probe_directory(candidate)
        layout = os.path.basename(os.path.normpath(candidate.path))
        if layout not in ("NHWC", "NCHW"):
            return found
        return {**found, "attrs": {"layout": layout}, "tags": [layout.lower()]}
