"""Lua (PUC-Rio) interpreters; several minor versions often live side by side."""

from envmgr.soft import Soft


class Lua(Soft):
    name = "lua"
    category = "lang"
    tags = ["lang-lua"]
    summary = "Lua interpreter (PUC-Rio)"
    # lua, and the versioned names distros install side by side: lua5.4 (Debian), lua54
    # (FreeBSD, Fedora's compat packages), lua-5.1 (Gentoo).
    executables = [r"lua(?:-?5\.?\d)?"]
    companions = ["luac"]
    version_args = ["-v"]
    # "Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio" (5.1 prints it on stderr);
    # LuaJIT says "LuaJIT 2.1.0-beta3" and is its own soft.
    version_regex = r"^Lua (?P<version>5\.\d+(?:\.\d+)?)\b"
    side_by_side = True  # Debian's lua5.3 beside lua5.4: a case has both
