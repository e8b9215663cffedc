"""OpenCV, the computer vision library, found by its pkg-config file and header."""

from envmgr.soft import Soft


class OpenCV(Soft):
    name = "opencv"
    aliases = ["lib-opencv", "libopencv"]
    category = "lib"
    tags = ["vision", "image"]
    summary = "OpenCV computer vision library (pkg-config, header)"
    pkgconfig = ["opencv4", "opencv"]  # opencv.pc: OpenCV 2 and 3
    # <prefix>/include/opencv4/opencv2/core/version.hpp (OpenCV 4), or without opencv4/
    headers = ["opencv4/opencv2/core/version.hpp", "opencv2/core/version.hpp"]
    version_macros = ["CV_VERSION_MAJOR", "CV_VERSION_MINOR", "CV_VERSION_REVISION"]
