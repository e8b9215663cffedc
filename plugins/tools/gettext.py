"""GNU gettext, the message translation tools."""

from envmgr.soft import Soft


class Gettext(Soft):
    name = "gettext"
    category = "tool"
    tags = ["i18n", "build"]
    summary = "GNU gettext translation tools (msgfmt, xgettext, gettext)"
    executables = [r"msgfmt", r"xgettext", r"gettext"]
    companions = ["msgfmt", "msgmerge", "xgettext", "msginit", "ngettext", "envsubst"]
    # "msgfmt (GNU gettext-tools) 0.21", "gettext (GNU gettext-runtime) 0.21"; the regex
    # ends at the version, so musl's gettext-tiny ("msgfmt (GNU gettext-tools compatible)
    # 99.9") does not pass for GNU's.
    version_regex = (r"^(?:msgfmt|xgettext|gettext) \(GNU gettext(?:-tools|-runtime)?\) "
                     r"(?P<version>\d+(?:\.\d+)+)$")
    attrs_regex = {"part": r"^\w+ \(GNU (gettext(?:-tools|-runtime)?)\)"}
