import pytest

from envmgr.errors import UsageError
from envmgr.versions import Version, VersionSpec, version_tags


@pytest.mark.parametrize(
    "low, high",
    [
        ("1.1.1", "1.1.1w"),        # OpenSSL letter releases come after the number
        ("1.1.1a", "1.1.1w"),
        ("2.6.32", "2.6.32-5"),     # Debian revisions
        ("1.0rc1", "1.0"),          # pre-releases come before
        ("1.0a1", "1.0b2"),
        ("1.0.dev1", "1.0a1"),
        ("3.9.18", "3.12.1"),       # numeric, not lexical
        ("17.0.15", "25.0.3"),
        ("0.23.0.dev0", "0.23.0"),
    ],
)
def test_order(low, high):
    assert Version(low) < Version(high)
    assert Version(high) > Version(low)
    assert sorted([Version(high), Version(low)]) == [Version(low), Version(high)]


def test_trailing_zeros_are_equal_and_hash_alike():
    assert Version("3.10") == Version("3.10.0")
    assert len({Version("3.10"), Version("3.10.0")}) == 1
    assert Version("v16.0.6") == Version("16.0.6")


@pytest.mark.parametrize(
    "spec, yes, no",
    [
        (">=3.9,<3.12", ["3.9.18", "3.11.7", "3.11.2"], ["3.8.18", "3.12.1", "2.7.18"]),
        ("16", ["16.0.6", "16"], ["1.6", "14.0.6", "160"]),
        ("==3.11.*", ["3.11.0", "3.11.7"], ["3.1.1", "3.12.0"]),
        ("!=14.0.6", ["16.0.6"], ["14.0.6"]),
        ("<=3.11", ["3.11.7", "3.10.13"], ["3.12.1"]),
        ("~=1.1", ["1.1.1w", "1.9"], ["2.0", "1.0"]),
        (">1.1.1", ["1.1.2"], ["1.1.1", "1.1.1w"]),
        (">=1.1.1t", ["1.1.1w"], ["1.1.1s"]),
    ],
)
def test_spec(spec, yes, no):
    s = VersionSpec(spec)
    assert [v for v in yes if s.contains(v)] == yes
    assert [v for v in no if s.contains(v)] == []


@pytest.mark.parametrize("bad", [">=", "abc", ">=3.9,,<x"])
def test_bad_spec_is_one_clear_error(bad):
    with pytest.raises(UsageError) as info:
        VersionSpec(bad)
    assert "version spec" in str(info.value)


def test_version_tags():
    assert version_tags("16.0.6") == ["v16", "v16.0", "v16.0.6"]
    assert version_tags("1.1.1w") == ["v1", "v1.1", "v1.1.1", "v1.1.1w"]
    assert version_tags("12") == ["v12"]
    assert version_tags("") == []


def test_less_than_excludes_the_bounds_own_prereleases():
    s = VersionSpec("<3.12")
    assert not s.contains("3.12.0rc1")
    assert s.contains("3.11.7") and s.contains("3.11.0rc1")


def test_openssl_letters_are_releases_and_words_without_numbers_sort_lowest():
    order = ["unknown", "1.1.1-pre9", "1.1.1", "1.1.1a", "1.1.1c", "1.1.1d", "1.1.1w"]
    assert sorted(order, key=Version) == order
    assert Version("3.12.0b2") < Version("3.12.0rc1") < Version("3.12.0")


def test_leading_v_in_specs():
    assert VersionSpec("~=v3.11").contains("3.11.7")
    assert not VersionSpec("<v3.12").contains("3.12.0rc1")
