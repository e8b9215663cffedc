"""PHP's command-line interpreter."""

from envmgr.soft import Soft


class PHP(Soft):
    name = "php"
    aliases = ["php-cli"]
    category = "lang"
    tags = ["lang-php"]
    summary = "PHP command-line interpreter"
    # php, Debian's php8.2 (php is an alternatives link to it), php82 (Alpine, Remi).
    executables = [r"php(?:\d\.?\d)?"]
    companions = ["phar", "phpize", "php-config"]
    # "PHP 8.2.36 (cli) (built: Nov 18 2026 20:02:04) (NTS)", "PHP 7.4.3-4ubuntu2.19 (cli)
    # ..." (the distro's suffix is dropped), "PHP 8.4.0RC1 (cli) ...".
    version_regex = r"^PHP (?P<version>\d+\.\d+\.\d+(?:(?:alpha|beta|RC)\d+)?)\S* \("
    attrs_regex = {"sapi": r"^PHP \S+ \(([\w-]+)\)", "thread_safety": r"^PHP .*\(\s*(NTS|ZTS)\b"}
    side_by_side = "Debian bookworm packages one PHP: no second could be had to capture"
