"""Qt's core library, Qt 5 and Qt 6, found by its pkg-config file and qconfig.h."""

from envmgr.soft import Soft


class Qt(Soft):
    name = "qt"
    aliases = ["qt5", "qt6", "qtbase"]
    category = "lib"
    tags = ["gui", "cpp"]
    summary = "Qt application framework, its Core module (pkg-config, header)"
    pkgconfig = ["Qt6Core", "Qt5Core"]
    # Qt's own layout has <prefix>/include/QtCore; Debian's has
    # /usr/include/<multiarch>/qt5/QtCore and .../qt6/QtCore, side by side.
    headers = ["qt6/QtCore/qconfig.h", "qt5/QtCore/qconfig.h", "QtCore/qconfig.h"]
    version_macros = ["QT_VERSION_STR"]  # #define QT_VERSION_STR "5.15.8"
    side_by_side = True  # Debian's Qt 5 and Qt 6 in one /usr: a case has both
