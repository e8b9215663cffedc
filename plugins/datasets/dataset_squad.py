"""SQuAD v1.1 question answering, found by its JSON files."""

from envmgr.soft import Soft


class Squad(Soft):
    name = "dataset-squad"
    aliases = ["squad"]
    category = "dataset"
    tags = ["squad", "question-answering", "nlp"]
    summary = "SQuAD v1.1 question answering, dev (and train) JSON"
    markers = ["dev-v1.1.json|train-v1.1.json"]
    version = "1.1"
    env = {"ENVMGR_DATASET_ROOT": "{prefix}", "ENVMGR_DATASET_NAME": "squad"}
