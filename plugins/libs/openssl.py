"""OpenSSL's libraries and headers, found by their pkg-config file."""

from envmgr.soft import Soft


class OpenSSL(Soft):
    name = "openssl"
    aliases = ["lib-openssl", "libssl"]
    category = "lib"
    tags = ["crypto", "tls"]
    summary = "OpenSSL TLS and cryptography libraries (pkg-config)"
    pkgconfig = "openssl"
