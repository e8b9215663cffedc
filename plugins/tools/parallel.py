"""GNU parallel, which runs jobs in parallel."""

from envmgr.soft import Soft


class GnuParallel(Soft):
    name = "parallel"
    aliases = ["gnu-parallel"]
    category = "tool"
    tags = ["shell"]
    summary = "GNU parallel job runner"
    executables = ["parallel"]
    # "GNU parallel 20221122"; moreutils' parallel is another program and is rejected.
    version_regex = r"^GNU parallel (?P<version>\d{8})\b"
    rejects = "moreutils' parallel (which prints no version) could not be installed beside it"
