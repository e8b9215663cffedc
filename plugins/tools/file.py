"""file, which guesses file types from their magic numbers."""

from envmgr.soft import Soft


class File(Soft):
    name = "file"
    aliases = ["libmagic"]
    category = "tool"
    tags = ["system"]
    summary = "file type guesser (file, libmagic)"
    executables = [r"file"]
    # "file-5.44\nmagic file from /etc/magic:/usr/share/misc/magic"
    version_regex = r"\Afile-(?P<version>\d+\.\d+)"
