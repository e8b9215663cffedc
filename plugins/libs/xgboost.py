"""XGBoost's C/C++ library, found by its version header and pkg-config file."""

from envmgr.soft import Soft


class LibXGBoost(Soft):
    name = "xgboost"
    aliases = ["libxgboost", "lib-xgboost"]
    category = "lib"
    tags = ["ml", "gradient-boosting"]
    summary = "XGBoost gradient boosting C/C++ library (headers, pkg-config)"
    # version_config.h and xgboost.pc ("version=1.7.4", "Version: ${version}") are the
    # release; Debian's 1.7.4 ships libxgboost.so.1.6.0, a stale soname, so the library
    # form is not declared.
    headers = ["xgboost/version_config.h"]
    version_macros = ["XGBOOST_VER_MAJOR", "XGBOOST_VER_MINOR", "XGBOOST_VER_PATCH"]
    pkgconfig = "xgboost"
