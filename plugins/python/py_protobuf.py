"""protobuf, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyProtobuf(Soft):
    name = "py-protobuf"
    aliases = []
    category = "python-package"
    tags = ["protobuf", "serialization"]
    summary = "protobuf, the Protocol Buffers runtime of Python (installed distribution)"
    # the PyPI version (4.25.x, 5.x ...), not the C++ library's
    python_dist = "protobuf"
    # one in each Python's site-packages: a case has two
    side_by_side = True
