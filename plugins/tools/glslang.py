"""glslang, Khronos' GLSL/ESSL reference compiler (glslangValidator)."""

from envmgr.soft import Soft


class Glslang(Soft):
    name = "glslang"
    aliases = ["glslangvalidator"]
    category = "tool"
    tags = ["vulkan", "shader"]
    summary = "glslang GLSL reference compiler (glslangValidator)"
    executables = [r"glslangValidator", r"glslang"]
    # "Glslang Version: 11:12.0.0": 12.0.0 is the release, 11 the interface version.
    version_regex = r"^Glslang Version: (?:\d+:)?(?P<version>\d+\.\d+\.\d+)"
    attrs_regex = {"spirv": r"^SPIR-V Version (0x[0-9a-f]+)"}
