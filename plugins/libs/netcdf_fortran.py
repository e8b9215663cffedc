"""NetCDF-Fortran, the Fortran bindings of netCDF, found by its pkg-config file."""

from envmgr.soft import Soft


class NetCDFFortran(Soft):
    name = "netcdf-fortran"
    aliases = ["libnetcdff", "netcdff"]
    category = "lib"
    tags = ["io", "lang-fortran"]
    summary = "NetCDF-Fortran library (pkg-config)"
    # netcdf-fortran.pc says what was built: Debian's "4.6.0+really4.5.4" package holds
    # 4.5.4 (its .pc and nf-config agree); libnetcdff.so.7.1.0 is libtool's ABI number.
    pkgconfig = "netcdf-fortran"
