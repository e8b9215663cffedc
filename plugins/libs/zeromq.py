"""ZeroMQ's libzmq, found by its pkg-config file."""

from envmgr.soft import Soft


class ZeroMQ(Soft):
    name = "zeromq"
    aliases = ["libzmq", "zmq"]
    category = "lib"
    tags = ["messaging"]
    summary = "ZeroMQ messaging library (pkg-config)"
    pkgconfig = "libzmq"
