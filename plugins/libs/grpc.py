"""gRPC's C++ library, found by its pkg-config file and its version header."""

from envmgr.soft import Soft


class GRPC(Soft):
    name = "grpc"
    aliases = ["grpc++", "libgrpc"]
    category = "lib"
    tags = ["rpc", "cpp"]
    summary = "gRPC remote procedure call library (pkg-config, header)"
    # grpc++.pc carries the release (1.51.1); grpc.pc and gpr.pc carry the core
    # library's own version (29.0.0), which no user means by "gRPC 1.51": not read.
    pkgconfig = "grpc++"
    headers = ["grpcpp/version_info.h"]  # since 1.33
    version_macros = ["GRPC_CPP_VERSION_STRING"]  # #define GRPC_CPP_VERSION_STRING "1.51.1"
