"""Nix, the functional package manager."""

from envmgr.soft import Soft


class Nix(Soft):
    name = "nix"
    category = "package-manager"
    tags = ["nix"]
    summary = "Nix package manager"
    executables = [r"nix", r"nix-env"]
    companions = ["nix-env", "nix-build", "nix-shell", "nix-store"]
    search_dirs = ["/nix/var/nix/profiles/default/bin", "~/.nix-profile/bin"]
    # "nix (Nix) 2.8.0", "nix-env (Nix) 2.8.0"
    version_regex = r"^nix(?:-env)? \(Nix\) (?P<version>\d+\.\d+(?:\.\d+)?(?:pre\w+)?)"
