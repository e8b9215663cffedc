"""What the model softs share: a dir holding one of a model's published files, by name."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from envmgr.soft import Candidate, Probed, Reject, Soft

__all__ = ["ModelDir", "tail"]

# ENVMGR_MODEL_* variables (docs/catalogue-naming.md) from the attrs a file name gives
_ENV = {"format": "ENVMGR_MODEL_FRAMEWORK", "precision": "ENVMGR_MODEL_PRECISION",
        "input_shape": "ENVMGR_MODEL_INPUT_SHAPE", "layout": "ENVMGR_MODEL_LAYOUT"}


def tail(path: str) -> str:
    """The last three names of ``path``: where a model dir's own name is (an install prefix
    ``model-bert-large-1.1-...``; a Hugging Face snapshot
    ``models--meta-llama--Llama-2-7b-chat-hf/snapshots/<commit>``), not its far parents'."""
    return "/".join(os.path.normpath(path).split(os.sep)[-3:])


class ModelDir(Soft):
    """A model found by the real names of its published files (``resnet50_v1.onnx``).

    ``files`` maps each file-name glob to what that file is: ``format``, ``precision``,
    ``input_shape``, ``layout`` (templates filled from ``name_regex``'s named groups, for
    names that carry them: ``mobilenet_v1_0.5_160.tflite``). ``markers`` joins the globs
    with ``|``: a dir holding one of them is a candidate. A glob in ``generic`` names a
    file that other models publish under the same name (``model.onnx``,
    ``frozen_inference_graph.pb``); such a dir is this model's only when its path matches
    ``path_regex`` in its last three names (an envmgr install prefix is named after its
    recipe), else it is rejected. Every file found is listed in ``attrs.files``; the
    first in ``files``' order is the entry's ``attrs.file`` and ``ENVMGR_MODEL_FILE``.
    """

    category = "model"
    files: ClassVar[Mapping[str, Mapping[str, str]]] = {}
    generic: ClassVar[tuple[str, ...]] = ()
    path_regex: ClassVar[str] = ""
    name_regex: ClassVar[str] = ""
    model_name: ClassVar[str] = ""
    """ENVMGR_MODEL_NAME (default: the soft's name without ``model-``)."""

    @classmethod
    def probe_directory(cls, candidate: Candidate) -> Probed:
        """The model's version and the facts its files' names say."""
        version = super().probe_directory(candidate)["version"]
        try:
            names = sorted(os.listdir(candidate.realpath))
        except OSError as exc:
            raise Reject(f"cannot list {candidate.path}: {exc.strerror}") from None
        named = bool(cls.path_regex) and re.search(cls.path_regex, tail(candidate.path), re.I)
        hits: list[tuple[str, Mapping[str, str]]] = []
        for pattern, facts in cls.files.items():
            if pattern in cls.generic and not named:
                continue
            hits += [(n, facts) for n in names if fnmatch.fnmatchcase(n, pattern)
                     and all(n != h for h, _ in hits)]
        if not hits:
            shared = ", ".join(g for g in cls.generic if any(fnmatch.fnmatchcase(n, g)
                                                               for n in names))
            raise Reject(f"{candidate.path} holds only {shared or 'no'} file names that other "
                         f"models publish too, and its path does not name {cls.name}")
        first, facts = hits[0]
        m = re.fullmatch(cls.name_regex, first) if cls.name_regex else None
        groups = {k: v for k, v in m.groupdict().items() if v is not None} if m else {}
        attrs: dict[str, Any] = {key: value.format(**groups) for key, value in facts.items()}
        attrs = {"file": first, **groups, **attrs}
        attrs["files"] = [n for n, _ in hits]
        env = {"ENVMGR_MODEL_ROOT": "{prefix}", "ENVMGR_MODEL_FILE": "{prefix}/" + first,
               "ENVMGR_MODEL_NAME": cls.model_name or cls.name.removeprefix("model-")}
        env.update({var: str(attrs[key]) for key, var in _ENV.items() if key in attrs})
        tags = [str(attrs[k]) for k in ("format", "precision") if k in attrs]
        return {"version": version, "attrs": attrs, "env": env, "tags": tags}
