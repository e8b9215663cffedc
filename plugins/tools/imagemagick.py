"""ImageMagick, found by magick (7) or convert (6)."""

from envmgr.soft import Soft


class ImageMagick(Soft):
    name = "imagemagick"
    aliases = ["magick"]
    category = "tool"
    tags = ["image"]
    summary = "ImageMagick image manipulation tools"
    # Debian's convert is an alternatives link to convert-im6.q16; IM7's convert is magick
    executables = ["magick", "convert"]
    version_args = ["-version"]
    # "Version: ImageMagick 6.9.11-60 Q16 x86_64 2021-01-25 https://imagemagick.org",
    # "Version: ImageMagick 7.1.1-15 Q16-HDRI aarch64 ..."; another convert is rejected.
    version_regex = r"^Version: ImageMagick (?P<version>\d+\.\d+\.\d+(?:-\d+)?)"
    attrs_regex = {"quantum": r"^Version: ImageMagick \S+ (Q\d+(?:-HDRI)?)"}
    rejects = "no other convert (GraphicsMagick's is 'gm convert') could be installed here"
