"""OpenCV's Python bindings (cv2), found as the opencv-python distribution."""

from envmgr.soft import Soft


class PyOpenCV(Soft):
    name = "py-opencv"
    aliases = ["py-cv2", "cv2", "opencv-python"]
    category = "python-package"
    tags = ["vision", "image"]
    summary = "OpenCV's Python bindings, cv2 (opencv-python, installed distribution)"
    python_dist = "opencv-python"
    side_by_side = True  # one in each Python's site-packages: a case has two
