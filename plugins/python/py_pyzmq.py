"""pyzmq, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPyzmq(Soft):
    name = "py-pyzmq"
    aliases = ["pyzmq", "zmq-python"]
    category = "python-package"
    tags = ["messaging", "zeromq"]
    summary = "pyzmq, the ZeroMQ bindings of Python (installed distribution)"
    python_dist = "pyzmq"
    # one in each Python's site-packages: a case has two
    side_by_side = True
