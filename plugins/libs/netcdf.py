"""netCDF-C, the network common data form library, found by its pkg-config file."""

from envmgr.soft import Soft


class NetCDF(Soft):
    name = "netcdf"
    aliases = ["netcdf-c"]
    category = "lib"
    tags = ["io"]
    summary = "netCDF-C data format library (pkg-config)"
    pkgconfig = "netcdf"
