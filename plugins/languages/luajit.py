"""LuaJIT, the just-in-time compiler of Lua 5.1."""

from envmgr.soft import Soft


class LuaJIT(Soft):
    name = "luajit"
    category = "lang"
    tags = ["lang-lua"]
    summary = "LuaJIT just-in-time compiler for Lua"
    # luajit, or its versioned name from `make install` ("luajit-2.1.0-beta3")
    executables = [r"luajit(?:-2\.\d+\.\d+(?:-\w+)?)?"]
    version_args = ["-v"]
    # "LuaJIT 2.1.0-beta3 -- Copyright (C) 2005-2022 Mike Pall", "LuaJIT 2.1.1700206165"
    # (OpenResty, rolling), "LuaJIT 2.1.ROLLING"
    version_regex = r"^LuaJIT (?P<version>\d+\.\d+\.(?:\d+(?:-\w+)?|ROLLING))"
    side_by_side = "Debian packages one LuaJIT: no second could be had to capture"
