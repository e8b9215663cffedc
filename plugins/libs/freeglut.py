"""freeglut, the GLUT implementation, found by its pkg-config file."""

from envmgr.soft import Soft


class Freeglut(Soft):
    name = "freeglut"
    aliases = ["glut", "libglut"]
    category = "lib"
    tags = ["graphics", "opengl"]
    summary = "freeglut OpenGL utility toolkit (pkg-config)"
    # glut.pc says the release, 3.4.0; the library is libglut.so.3.12.0, an ABI number
    # that is not the release: not read. freeglut.pc is other builds' name for it.
    pkgconfig = ["glut", "freeglut"]
