"""TeX Live, the TeX distribution, found by its tex or pdftex."""

from envmgr.soft import Soft


class TeXLive(Soft):
    name = "texlive"
    aliases = ["tex", "pdftex"]
    category = "tool"
    tags = ["typesetting"]
    summary = "TeX Live TeX distribution (tex, pdftex)"
    executables = [r"tex", r"pdftex"]
    companions = ["pdftex", "latex", "pdflatex", "kpsewhich"]
    search_dirs = ["/usr/local/texlive/*/bin/*"]
    # "TeX 3.141592653 (TeX Live 2022/Debian)", "pdfTeX 3.141592653-2.6-1.40.24 (TeX Live
    # 2022/Debian)": the distribution's version is its year. MiKTeX's tex ("MiKTeX-TeX
    # 4.x (MiKTeX 22.x)") names no TeX Live year.
    version_regex = r"^(?:TeX|pdfTeX) \S+ \(TeX Live (?P<version>\d{4})(?:/[\w.-]+)?\)"
    attrs_regex = {"tex": r"^TeX (\d[\d.]*) ", "kpathsea": r"^kpathsea version (\d[\w.]*)"}
    side_by_side = "one per year under /usr/local/texlive, but only Debian's could be had here"
