"""Ansible, the automation tool, found by its ansible command (ansible-core's version)."""

from envmgr.soft import Soft


class Ansible(Soft):
    name = "ansible"
    aliases = ["ansible-core"]
    category = "tool"
    tags = ["automation"]
    summary = "Ansible automation engine (ansible-core)"
    executables = [r"ansible"]
    companions = ["ansible-playbook", "ansible-galaxy", "ansible-config", "ansible-doc",
                  "ansible-inventory", "ansible-vault"]
    # "ansible [core 2.19.14]" (ansible-core 2.11 and later), "ansible 2.10.8" before it.
    version_regex = r"^ansible (?:\[core )?(?P<version>\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)\]?$"
    attrs_regex = {"python": r"^\s+python version = (\d+\.\d+\.\d+)"}
    # ansible refuses to start without a UTF-8 locale
    probe_env = {"LC_ALL": "C.UTF-8", "ANSIBLE_NOCOLOR": "1"}
    timeout = 20.0
