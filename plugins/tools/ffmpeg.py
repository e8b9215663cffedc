"""FFmpeg, the audio and video converter."""

from envmgr.soft import Soft


class FFmpeg(Soft):
    name = "ffmpeg"
    category = "tool"
    tags = ["video", "audio"]
    summary = "FFmpeg audio and video converter"
    executables = [r"ffmpeg"]
    companions = ["ffprobe", "ffplay"]
    version_args = ["-version"]
    # "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers",
    # "ffmpeg version n7.1" (upstream tags), "ffmpeg version 6.0-static"; a git build
    # ("ffmpeg version N-109876-g...") names no release.
    version_regex = r"^ffmpeg version n?(?P<version>\d+\.\d+(?:\.\d+)?)"
    attrs_regex = {"libavcodec": r"^libavcodec\s+(\d+\.\s*\d+\.\d+)"}
