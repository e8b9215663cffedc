"""GnuTLS, the TLS library, found by gnutls.pc and gnutls/gnutls.h."""

from envmgr.soft import Soft


class GnuTLS(Soft):
    name = "gnutls"
    aliases = ["libgnutls"]
    category = "lib"
    tags = ["crypto", "tls"]
    summary = "GnuTLS TLS library (pkg-config, header)"
    pkgconfig = "gnutls"
    headers = ["gnutls/gnutls.h"]
    version_macros = ["GNUTLS_VERSION"]
