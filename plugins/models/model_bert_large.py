"""BERT-Large fine-tuned on SQuAD v1.1, MLPerf Inference's language reference."""

from ._base import ModelDir

_SEQ = {"layout": "NC", "input_shape": "input_ids,input_mask,segment_ids: 1x384 int64"}


class BertLarge(ModelDir):
    name = "model-bert-large"
    aliases = ["bert-large"]
    tags = ["bert-large", "bert", "question-answering", "squad", "nlp", "mlperf"]
    summary = "BERT-Large SQuAD v1.1 (ONNX, PyTorch, TF; fp32 and int8)"
    # zenodo's files are model.onnx, model.pb, model.pytorch, pytorch_model.bin: names any
    # model may have, so only in a dir whose path names BERT-Large (an envmgr install
    # prefix model-bert-large-..., MLPerf's bert_tf_v1_1_large_fp32_384_v2)
    files = {
        "model.onnx": {"format": "onnx", "precision": "fp32", **_SEQ},
        "bert_large_v1_1_fake_quant.onnx": {"format": "onnx", "precision": "int8", **_SEQ},
        "model.pytorch": {"format": "pytorch", "precision": "fp32", **_SEQ},
        "pytorch_model.bin": {"format": "pytorch", "precision": "int8", **_SEQ},
        "model.pb": {"format": "tf", "precision": "fp32", **_SEQ},
    }
    generic = ("model.onnx", "model.pytorch", "pytorch_model.bin", "model.pb")
    path_regex = r"bert[\w.-]*large"
    markers = ["|".join(files)]
    version = "1.1"
    rejects = True  # another model's model.onnx (a Hugging Face ONNX export): a negative case
