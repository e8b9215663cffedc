"""The Vulkan API headers, found by vulkan/vulkan_core.h."""

from __future__ import annotations

import re

from envmgr.soft import Soft

# VK_MAKE_API_VERSION(0, 1, 3, VK_HEADER_VERSION) since 1.2.175; VK_MAKE_VERSION(1, 2,
# VK_HEADER_VERSION) before it.
_COMPLETE = re.compile(
    r"^\s*#\s*define\s+VK_HEADER_VERSION_COMPLETE\s+VK_MAKE(?:_API)?_VERSION\("
    r"\s*(?:\d+\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*VK_HEADER_VERSION\s*\)", re.MULTILINE)
_PATCH = re.compile(r"^\s*#\s*define\s+VK_HEADER_VERSION\s+(\d+)\s*$", re.MULTILINE)


class VulkanHeaders(Soft):
    name = "vulkan-headers"
    aliases = ["vulkan-api"]
    category = "lib"
    tags = ["graphics", "gpu"]
    summary = "Vulkan API headers (vulkan_core.h)"
    headers = ["vulkan/vulkan_core.h"]
    # "#define VK_HEADER_VERSION 239" is the patch level only; the major and minor are
    # the arguments of VK_HEADER_VERSION_COMPLETE: 1.3.239.
    version_macros = ["VK_HEADER_VERSION_COMPLETE"]

    @classmethod
    def version_from_macros(cls, text: str) -> str | None:
        """1.3.239 from VK_HEADER_VERSION_COMPLETE and VK_HEADER_VERSION."""
        complete, patch = _COMPLETE.search(text), _PATCH.search(text)
        if not complete or not patch:
            return None
        return f"{complete.group(1)}.{complete.group(2)}.{patch.group(1)}"
