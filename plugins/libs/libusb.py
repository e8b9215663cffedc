"""libusb 1.0, the USB access library, found by its pkg-config file."""

from envmgr.soft import Soft


class LibUSB(Soft):
    name = "libusb"
    aliases = ["libusb-1.0", "libusb1"]
    category = "lib"
    tags = ["usb"]
    summary = "libusb 1.0 USB device access library (pkg-config)"
    # libusb.h has only LIBUSB_API_VERSION, an API counter (0x01000109), not the release.
    pkgconfig = "libusb-1.0"
