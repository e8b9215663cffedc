"""GnuPG, the OpenPGP implementation, found by its gpg."""

from envmgr.soft import Soft


class GnuPG(Soft):
    name = "gnupg"
    aliases = ["gpg"]
    category = "tool"
    tags = ["crypto"]
    summary = "GnuPG OpenPGP encryption and signing tool (gpg)"
    executables = [r"gpg2?"]
    companions = ["gpgv", "gpg-agent", "gpgconf"]
    # "gpg (GnuPG) 2.2.40\nlibgcrypt 1.10.1"; Sequoia's gpg look-alike (gpg-sq, "gpg (GnuPG)
    # 2.2.40\nbeta (sequoia-chameleon-gnupg ...)") is not GnuPG. gpg2 is Debian's old name
    # for the same program: one installation, not two.
    version_regex = r"^gpg \(GnuPG\) (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"libgcrypt": r"^libgcrypt (\d[\w.]*)"}
    side_by_side = "gpg 1.4 (gnupg1) can sit beside gpg 2 but bookworm ships only gnupg 2"
