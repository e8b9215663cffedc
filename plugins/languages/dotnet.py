""".NET (Core), found by its muxer dotnet at the root of a .NET install (DOTNET_ROOT).

The root holds dotnet beside host/fxr/<version>/, shared/Microsoft.NETCore.App/<version>/
and, with an SDK, sdk/<version>/: the dir is the prefix (Debian's /usr/bin/dotnet is a
link into /usr/lib/dotnet).
"""

from envmgr.soft import Soft


class DotNet(Soft):
    name = "dotnet"
    aliases = ["dotnet-core", "dotnet-sdk", "netcore"]
    category = "lang"
    tags = ["lang-csharp", "lang-fsharp", "dotnet"]
    summary = ".NET (Core) host, runtimes and SDKs (dotnet)"
    executables = [r"dotnet"]
    search_dirs = ["$DOTNET_ROOT", "~/.dotnet", "/usr/share/dotnet", "/usr/lib/dotnet",
                   "/usr/lib64/dotnet", "/opt/dotnet"]
    # `--info` works with a runtime alone (`--version` wants an SDK); the version is the
    # host's own: "Microsoft .NET Core Shared Framework Host" / "  Version  : 2.0.0" (2.0),
    # "Host:" / "  Version:      8.0.0" (later releases).
    version_args = ["--info"]
    version_regex = (r"^(?:Microsoft \.NET Core Shared Framework Host|Host[^\n:]*:)\s*\n+"
                     r"\s+Version\s*:\s+(?P<version>\d+\.\d+\.\d+[\w.\-]*)")
    attrs_regex = {"commit": r"^\s+(?:Build|Commit)\s*:\s+([0-9a-f]{7,40})\s*$"}
    # an SDK's first run prints a banner and writes to the home: not in a probe
    probe_env = {"DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1",
                 "DOTNET_SKIP_FIRST_TIME_EXPERIENCE": "1"}
    env = {"DOTNET_ROOT": "{prefix}"}
