"""FFTW, the fast Fourier transform library, found by its pkg-config file."""

from envmgr.soft import Soft


class FFTW(Soft):
    name = "fftw"
    aliases = ["fftw3"]
    category = "lib"
    tags = ["fft", "math"]
    summary = "FFTW fast Fourier transform library (pkg-config)"
    # double, single, long-double and quad precision builds of one version: one entry
    pkgconfig = ["fftw3", "fftw3f", "fftw3l", "fftw3q"]
