"""ONNX Runtime's C/C++ library, found by its shared library file."""

from envmgr.soft import Soft


class LibONNXRuntime(Soft):
    name = "libonnxruntime"
    aliases = ["onnxruntime-c", "lib-onnxruntime"]
    category = "lib"
    tags = ["ml", "inference", "onnx"]
    summary = "ONNX Runtime C/C++ inference library (shared library)"
    # libonnxruntime.so.1.32.0 carries the release; onnxruntime_c_api.h's ORT_API_VERSION
    # is the C API level (23), not the release, so the header form is not declared.
    libraries = [r"libonnxruntime\.so\.(?P<version>\d+\.\d+\.\d+)"]
