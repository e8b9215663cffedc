"""SUNDIALS, LLNL's ODE/DAE solver suite, found by its configured header."""

from envmgr.soft import Soft


class Sundials(Soft):
    name = "sundials"
    aliases = ["libsundials"]
    category = "lib"
    tags = ["solver", "math", "ode"]
    summary = "SUNDIALS nonlinear and differential/algebraic equation solvers (headers)"
    # sundials_config.h: #define SUNDIALS_VERSION "6.4.1"; each part (CVODE, IDA ...) is a
    # library of its own (libsundials_cvode.so.6), whose name is not the suite's version.
    headers = ["sundials/sundials_config.h"]
    version_macros = ["SUNDIALS_VERSION"]
