"""GLPK, the GNU Linear Programming Kit, found by its header."""

from envmgr.soft import Soft


class GLPK(Soft):
    name = "glpk"
    aliases = ["libglpk"]
    category = "lib"
    tags = ["optimization", "math"]
    summary = "GNU Linear Programming Kit (headers)"
    headers = ["glpk.h"]
    version_macros = ["GLP_MAJOR_VERSION", "GLP_MINOR_VERSION"]  # GLPK's versions are X.Y
