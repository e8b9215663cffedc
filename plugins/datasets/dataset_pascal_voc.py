"""PASCAL VOC 2007/2012, found by the VOCdevkit/VOC<year> dirs its tarballs unpack to."""

from __future__ import annotations

import os
import re

from envmgr.soft import Candidate, Probed, Soft


class PascalVOC(Soft):
    name = "dataset-pascal-voc"
    aliases = ["pascal-voc", "voc"]
    category = "dataset"
    tags = ["pascal-voc", "object-detection", "segmentation", "vision"]
    summary = "PASCAL VOC 2007/2012 (VOCdevkit/VOC<year>: JPEGImages, Annotations, ImageSets)"
    # VOCtrainval_11-May-2012.tar and VOCtrainval_06-Nov-2007.tar unpack to
    # VOCdevkit/VOC2012/... and VOCdevkit/VOC2007/...
    markers = ["VOCdevkit/VOC20[0-9][0-9]/JPEGImages", "VOCdevkit/VOC20[0-9][0-9]/Annotations"]
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "pascal-voc"}

    @classmethod
    def probe_directory(cls, candidate: Candidate) -> Probed:
        """The newest year there is the version; ``attrs.years`` lists every one."""
        base = os.path.join(candidate.realpath, "VOCdevkit")
        try:
            names = os.listdir(base)
        except OSError:
            names = []
        years = sorted(m.group(1) for n in names if (m := re.fullmatch(r"VOC(20\d\d)", n))
                       and os.path.exists(os.path.join(base, n, "JPEGImages")))
        if not years:  # gone since the markers were found: no version, so the base rejects it
            return super().probe_directory(candidate)
        return {"version": years[-1], "attrs": {"years": years},
                "env": {"ENVMGR_DATASET_IMAGES": f"{{prefix}}/VOCdevkit/VOC{years[-1]}/JPEGImages"}}
