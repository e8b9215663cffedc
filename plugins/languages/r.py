"""R, the language and environment for statistical computing."""

from envmgr.soft import Soft


class R(Soft):
    name = "r"
    aliases = ["r-base", "rscript"]
    category = "lang"
    tags = ["lang-r", "statistics"]
    summary = "R statistical computing environment"
    executables = [r"R", r"Rscript"]
    companions = ["R", "Rscript"]
    # "R version 4.2.2 Patched (2022-11-10 r83330) -- \"Innocent and Trusting\"" (R),
    # "Rscript (R) version 4.2.2 Patched (2022-11-10 r83330)" (Rscript, on stderr before 4.2
    # too), "R Under development (unstable) (2024-01-10 r85794)" has no version: skipped.
    version_regex = r"^(?:R|Rscript \(R\)) version (?P<version>\d+\.\d+\.\d+)"
    timeout = 20.0
