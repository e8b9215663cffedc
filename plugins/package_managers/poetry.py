"""Poetry, the Python dependency manager and packager."""

from envmgr.soft import Soft


class Poetry(Soft):
    name = "poetry"
    category = "package-manager"
    tags = ["python-tools"]
    summary = "Poetry, dependency management and packaging for Python"
    executables = [r"poetry"]
    search_dirs = ["~/.local/share/pypoetry/venv/bin", "$POETRY_HOME/bin"]
    # "Poetry (version 2.5.1)"; Poetry 1.1 and older printed "Poetry version 1.1.15".
    version_regex = r"^Poetry (?:\(version |version )(?P<version>\d+(?:\.\d+)+(?:(?:a|b|rc)\d+)?)"
    # no keyring prompt, no colour codes
    probe_env = {"NO_COLOR": "1", "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    timeout = 20.0
