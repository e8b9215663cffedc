"""PyYAML, found as an installed distribution in a Python's site-packages."""

from envmgr.soft import Soft


class PyPyYAML(Soft):
    name = "py-pyyaml"
    aliases = ["pyyaml", "yaml"]
    category = "python-package"
    tags = ["yaml"]
    summary = "PyYAML, the YAML parser and emitter of Python (installed distribution)"
    # its dist-info is "PyYAML-6.0.1" or, from newer wheels, "pyyaml-6.0.4"
    python_dist = "PyYAML"
    # one in each Python's site-packages: a case has two
    side_by_side = True
