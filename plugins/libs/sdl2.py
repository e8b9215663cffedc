"""SDL 2, the multimedia library, found by sdl2.pc and SDL2/SDL_version.h."""

from envmgr.soft import Soft


class SDL2(Soft):
    name = "sdl2"
    aliases = ["libsdl2", "sdl"]
    category = "lib"
    tags = ["multimedia", "graphics"]
    summary = "SDL 2 multimedia library (pkg-config, header)"
    pkgconfig = "sdl2"
    headers = ["SDL2/SDL_version.h"]
    version_macros = ["SDL_MAJOR_VERSION", "SDL_MINOR_VERSION", "SDL_PATCHLEVEL"]
