"""A malformed ENVMGR_SAVED (what deactivate restores) is one clear line, never code."""

import pytest

BAD = [
    "garbage",
    '{"PATH": "/usr/bin"',            # truncated
    "",
    "[1, 2]",
    '"a string"',
    "null",
    '{"PATH": 3}',
    '{"PATH": ["/a"]}',
    '{"X=1; touch /tmp/envmgr-pwned; Y": "v"}',
    '{"": "v"}',
    '{"PATH": "/a", "PATH": {"x": 1}}',
    "\udcff",
    "{" * 5000,                        # nesting the JSON parser gives up on
]


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("command", [["deactivate", "--shell", "bash"],
                                     ["activate", "--tags=x", "--shell", "fish"],
                                     ["shell", "--tags=x", "--", "true"]])
def test_malformed_saved_is_one_line_naming_the_variable(cli, value, command):
    r = cli(*command, env={"ENVMGR_SAVED": value.encode("utf-8", "surrogateescape").decode(
        "utf-8", "replace")})
    assert r.rc == 2, r.err
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.err, r.err
    assert "ENVMGR_SAVED" in lines[0] and "unset" in lines[0]
    assert r.out == ""
