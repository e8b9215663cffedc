"""GNU MPC, complex numbers of arbitrary precision, found by its header."""

from envmgr.soft import Soft


class MPC(Soft):
    name = "mpc"
    aliases = ["libmpc", "gnu-mpc"]
    category = "lib"
    tags = ["math", "bignum"]
    summary = "GNU MPC multiple-precision complex arithmetic library (header)"
    headers = ["mpc.h"]
    version_macros = ["MPC_VERSION_STRING"]  # #define MPC_VERSION_STRING "1.3.1"
