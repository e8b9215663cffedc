"""ICU, the Unicode libraries, found by icu-uc.pc and unicode/uvernum.h."""

from envmgr.soft import Soft


class ICU(Soft):
    name = "icu"
    aliases = ["libicu", "icu4c"]
    category = "lib"
    tags = ["unicode", "i18n"]
    summary = "ICU Unicode and globalization libraries (pkg-config, header)"
    # The release is "72.1"; the library names (libicuuc.so.72.1) say it too.
    pkgconfig = "icu-uc"
    headers = ["unicode/uvernum.h"]
    version_macros = ["U_ICU_VERSION"]
