"""The Vulkan loader, found by its pkg-config file and its shared library."""

from envmgr.soft import Soft


class Vulkan(Soft):
    name = "vulkan"
    aliases = ["vulkan-loader", "libvulkan"]
    category = "lib"
    tags = ["graphics", "gpu"]
    summary = "Vulkan loader libvulkan (pkg-config, shared library)"
    # The loader: vulkan.pc and libvulkan.so.1.3.239 say its release. The headers are a
    # project of their own (soft "vulkan-headers"), often of another version.
    pkgconfig = "vulkan"
    libraries = [r"libvulkan\.so\.(?P<version>1\.\d+\.\d+)"]
