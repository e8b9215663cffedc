"""KiTS19 kidney tumour CT volumes, in the layout of the neheller/kits19 repository."""

from __future__ import annotations

import os

from envmgr.soft import Candidate, Probed, Soft


class Kits19(Soft):
    name = "dataset-kits19"
    aliases = ["kits19"]
    category = "dataset"
    tags = ["kits19", "segmentation", "medical-imaging", "mlperf"]
    summary = "KiTS19 kidney tumour segmentation (210 CT cases), MLPerf 3D-UNet's dataset"
    # a clone of github.com/neheller/kits19: data/kits.json and data/case_00000 ...
    # case_00209 with segmentation.nii.gz; starter_code.get_imaging adds imaging.nii.gz
    markers = ["data/kits.json", "data/case_00000/segmentation.nii.gz"]
    version = "2019"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "kits19",
           "ENVMGR_DATASET_IMAGES": "{prefix}/data"}

    @classmethod
    def probe_directory(cls, candidate: Candidate) -> Probed:
        """The version, and whether the CT volumes were downloaded (``attrs.imaging``)."""
        found = super().probe_directory(candidate)
        imaging = os.path.exists(os.path.join(candidate.realpath,
                                              "data/case_00000/imaging.nii.gz"))
        return {**found, "attrs": {"imaging": imaging}}
