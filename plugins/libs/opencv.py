"""OpenCV, the computer vision library, found by opencv_version, opencv4.pc and its header."""

from envmgr.soft import Soft


class OpenCV(Soft):
    name = "opencv"
    aliases = ["lib-opencv", "libopencv"]
    category = "lib"
    tags = ["vision", "image"]
    summary = "OpenCV computer vision library (opencv_version, pkg-config, header)"
    executables = [r"opencv_version"]
    version_args = ()  # it prints "4.6.0" and nothing else
    version_regex = r"^(?P<version>\d+\.\d+\.\d+[\w.\-]*)\s*$"
    pkgconfig = ["opencv4", "opencv"]  # opencv.pc: OpenCV 2 and 3
    # <prefix>/include/opencv4/opencv2/core/version.hpp (OpenCV 4), or without opencv4/
    headers = ["opencv4/opencv2/core/version.hpp", "opencv2/core/version.hpp"]
    version_macros = ["CV_VERSION_MAJOR", "CV_VERSION_MINOR", "CV_VERSION_REVISION"]
