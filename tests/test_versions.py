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


# -- PEP 440 versions are ordered as packaging orders them ------------------------------

PEP440 = [
    "0", "0.0", "0.1", "1", "1.0", "1.0.0", "1.0.1", "1.1", "1.10", "1.9", "2.0", "10.0",
    "1.0.dev0", "1.0.dev1", "1.0a1.dev1", "1.0a1", "1.0a2", "1.0alpha3", "1.0b1", "1.0beta2",
    "1.0rc1", "1.0c1", "1.0c2", "1.0pre3", "1.0preview4", "1.0a1.post1", "1.0a1.post1.dev2",
    "1.0.post1", "1.0-1", "1.0.post2", "1.0rev3", "1.0r4", "1.0.post1.dev1", "1.0_post5",
    "1.0+abc", "1.0+abc.5", "1.0+abc.6", "1.0+5", "1.0+1.abc", "1.0.post1+x", "1.0rc1+x",
    "1.0.dev1+x", "1!0.5", "1!1.0", "0!2.0", "2!0.1", "v1.0", "V2.0", "1.0.0.0.1",
    "3.12.0rc1", "3.12.0", "3.12", "3.11.7", "3.9.18", "2.6.32-5", "17.0.15+6", "2.1.0+cu121",
]


def test_pep440_order_is_packagings():
    from packaging.version import Version as Pep440

    wrong = [(a, b) for a in PEP440 for b in PEP440
             if (Version(a) < Version(b), Version(a) == Version(b))
             != (Pep440(a) < Pep440(b), Pep440(a) == Pep440(b))]
    assert wrong == []
    assert sorted(PEP440, key=Version) == sorted(PEP440, key=Pep440)


@pytest.mark.parametrize("low, high", [
    ("2.0", "1!0.5"),             # the epoch comes first
    ("1.0", "1.0.post1"),
    ("1.0.post1.dev1", "1.0.post1"),
    ("1.0.dev1", "1.0a1.dev1"),
    ("1.0b2", "1.0rc1"),
    ("1.0a1", "1.0a1.post1"),
    ("1.0", "1.0+local"),
    ("1.0+local", "1.0.post1"),
    ("1.0+abc", "1.0+5"),         # local: words before numbers
])
def test_pep440_pairs(low, high):
    assert Version(low) < Version(high) and not Version(high) < Version(low)


@pytest.mark.parametrize("a, b", [("1.0rc1", "1.0c1"), ("1.0-1", "1.0.post1"),
                                  ("1.0alpha1", "1.0a1"), ("v1.0", "1.0.0"),
                                  ("1.0_rc1", "1.0rc1"), ("1.0.preview2", "1.0rc2")])
def test_pep440_spellings_are_equal(a, b):
    assert Version(a) == Version(b) and hash(Version(a)) == hash(Version(b))


# -- what PEP 440 cannot read, and mixes of both ------------------------------------------

LENIENT = ["1.1.1w", "1.1.1a", "1.1.1c", "1.0.2r", "1.0.2q", "1.8.0_392", "1.8.0_402",
           "3.0.2-0ubuntu1.9", "3.0.2-0ubuntu1.10", "2.38.1.windows.1", "unknown", "trunk",
           "3.12.0rc1-foo", "11.4.0-1ubuntu1~22.04", ""]


@pytest.mark.parametrize("low, high", [
    ("1.1.1", "1.1.1a"), ("1.1.1a", "1.1.1b"), ("1.1.1c", "1.1.1w"), ("1.1.1w", "1.1.2"),
    ("1.0.2q", "1.0.2r"),        # r is a letter release here, not PEP 440's post0
    ("1.1.1.post1", "1.1.1a"),   # a lenient word comes after the post releases
    ("1.1.1-pre9", "1.1.1"),
    ("1.8.0_392", "1.8.0_402"),
    ("3.0.2-0ubuntu1.9", "3.0.2-0ubuntu1.10"),
    ("3.12.0rc1", "3.12.0rc1-foo"), ("3.12.0rc1-foo", "3.12.0"),
    ("unknown", "0.0.1"), ("", "unknown"),
])
def test_lenient_pairs(low, high):
    assert Version(low) < Version(high) and Version(high) > Version(low)


def test_a_mix_is_one_total_consistent_order():
    vs = [Version(t) for t in PEP440 + LENIENT]
    for a in vs:
        for b in vs:
            lt, eq, gt = a < b, a == b, a > b
            assert lt + eq + gt == 1, (a, b)
            if eq:
                assert hash(a) == hash(b), (a, b)
    ordered = sorted(vs)
    assert all(x <= y for x, y in zip(ordered, ordered[1:], strict=False))
    for a in ordered[::5]:  # transitive: everything below a sorts before it
        assert all(x <= a for x in ordered[: ordered.index(a)])


def test_plain_versions_are_read_without_packaging():
    code = ("import sys; from envmgr.versions import Version, VersionSpec; "
            "sorted(map(Version, ['3.9.18', '3.12.1', 'v16.0.6'])); "
            "VersionSpec('>=3.9,<3.12,^3.9,~=3.11').contains('3.11.2'); "
            "print('packaging' in sys.modules)")
    import subprocess
    import sys

    from conftest import ROOT

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT)}, check=True).stdout
    assert out.strip() == "False"


# -- specs --------------------------------------------------------------------------------


@pytest.mark.parametrize("spec, yes, no", [
    ("^3.9", ["3.9", "3.9.18", "3.12.1", "3.99"], ["3.8.18", "4.0", "4.0.0rc1", "3.9rc1"]),
    ("^0.2.3", ["0.2.3", "0.2.9"], ["0.3.0", "0.2.2", "1.0"]),
    ("^0.0.3", ["0.0.3"], ["0.0.4", "0.0.2", "0.1"]),
    ("^0", ["0.0.1", "0.9"], ["1.0"]),
    ("^0.0", ["0.0.5"], ["0.1.0"]),
    ("^1.2.3", ["1.2.3", "1.9.0"], ["2.0.0", "1.2.2"]),
    ("~3.9", ["3.9", "3.9.18"], ["3.10.0", "3.8.1", "4.0"]),
    ("~3", ["3.0", "3.12.1"], ["4.0", "2.7"]),
    ("~1.2.3", ["1.2.3", "1.2.9"], ["1.3.0", "1.2.2"]),
    ("~=3.9", ["3.9", "3.12.1"], ["4.0", "3.8"]),
    ("~=3.9.2", ["3.9.2", "3.9.18"], ["3.10.0", "3.9.1"]),
    ("==3.9.*", ["3.9", "3.9.18", "3.9.0rc1"], ["3.10.0", "3.1"]),
    ("!=3.9.*", ["3.10.0", "3.8"], ["3.9.18"]),
    ("!=3.9.18", ["3.9.17"], ["3.9.18"]),
    (">=3.9,<3.12", ["3.9.0", "3.11.9"], ["3.8.9", "3.12.0", "3.12.0rc1"]),
    ("==17.0.15", ["17.0.15", "17.0.15+6"], ["17.0.16"]),
    ("==17.0.15+6", ["17.0.15+6"], ["17.0.15", "17.0.15+7"]),
    ("<3.12rc2", ["3.12rc1", "3.11"], ["3.12rc2", "3.12"]),
    ("===3.11.7", ["3.11.7"], ["3.11.07", "3.11.7.0"]),
    (">=1!0.5", ["1!0.5", "1!2.0"], ["2.0", "99"]),
    (">= 3.9 , < 3.12", ["3.10"], ["3.12"]),
])
def test_spec_table(spec, yes, no):
    s = VersionSpec(spec)
    assert [v for v in yes if not s.contains(v)] == []
    assert [v for v in no if s.contains(v)] == []


PEP440_SPECS = [">=1.0", "<1.0", "<1.0rc1", "==1.0", "==1.0+abc", "!=1.0", "~=1.0",
                "~=1.0.post1", "~=1!0.5", "==1.*", "==1.0.*", "!=1.0.*", "==1!0.*", "<3.12",
                ">=3.12.0rc1", "~=3.11.7", ">=1.0,<2", "==1.0.0.*", ">=1.0a1,!=1.0.post1"]


@pytest.mark.parametrize("spec", PEP440_SPECS)
def test_specs_agree_with_packaging(spec):
    """The operators envmgr shares with PEP 440 mean what packaging means (with
    pre-releases allowed: envmgr never hides an installed pre-release)."""
    from packaging.specifiers import SpecifierSet

    theirs = SpecifierSet(spec, prereleases=True)
    ours = VersionSpec(spec)
    wrong = [v for v in PEP440 if theirs.contains(v, prereleases=True) != ours.contains(v)]
    assert wrong == []


@pytest.mark.parametrize("spec, message", [
    ("=>3.9", "did you mean '>=3.9'?"),
    ("=<3.12", "did you mean '<=3.12'?"),
    ("=!3.9", "did you mean '!=3.9'?"),
    ("<>3.9", "did you mean '!=3.9'?"),
    ("~>3.9", "did you mean '~=3.9'?"),
    ("=~3.9", "did you mean '~=3.9'?"),
    ("!3.9", "did you mean '!=3.9'?"),
    ("<=>3.9", "use one of ===, ~=, ==, !=, <=, >=, <, >, =, ^, ~"),
    (">3.9<3.12", "separate clauses with a comma: '>3.9,<3.12'"),
    (">=3.9 <3.12", "separate clauses with a comma: '>=3.9,<3.12'"),
    ("3.9<3.12", "separate clauses with a comma: '3.9,<3.12'"),
    (">=3.9,", "remove the extra comma: '>=3.9'"),
    (">=3.9,,<3.12", "remove the extra comma: '>=3.9,<3.12'"),
    (",", "empty clause"),
    ("", "the version spec is empty"),
    ("  ", "the version spec is empty"),
    (">=", "'>=' has no version after it"),
    ("^", "'^' has no version after it"),
    (">=abc", "'abc' has no number"),
    ("*", "leave --version out"),
    ("3..9", "'3..9' is not a version"),
    (">=3.9.", "'3.9.' is not a version"),
    (">=3.9.*", "'.*' goes only with == or !="),
    ("^3.9.*", "'.*' goes only with == or !="),
    ("==3.9rc1.*", "only release numbers go before '.*'"),
    ("~=3", "'~=3' needs two or more release numbers"),
    ("3.9 - 3.12", "write '>=3.9,<=3.12'"),
    (">=3.9 || <2", "no '||'"),
    ("python>=3.9", "not a name ('python'); write '>=3.9'"),
])
def test_a_malformed_spec_is_refused_with_a_suggestion(spec, message):
    with pytest.raises(UsageError) as info:
        VersionSpec(spec)
    assert message in str(info.value)
    assert "version spec" in str(info.value)


def test_a_spec_must_be_a_string():
    with pytest.raises(UsageError, match="must be a string"):
        VersionSpec(3.9)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["9" * 5000, "1." + "9" * 5000, "1" + "a" * 10000 + "!",
                                  "\u0663.\u0669", "1\u00b2", "\n", "1.2\x1b[31m", "", "v"])
def test_any_text_is_a_version_that_orders(text):
    """What a registry may hold never makes ordering fail (int() refuses 4300+ digits)."""
    v = Version(text)
    assert sorted([v, Version("1.0"), Version("unknown")]) is not None
    assert v == Version(text) and hash(v) == hash(Version(text))


@pytest.mark.parametrize("spec", [">=1" + "a" * 5000 + "!", ">=1" + "a." * 5000 + "!",
                                  ">=" + "1." * 5000 + "!", "1" + "a1" * 3000 + "+",
                                  ">=" + "9" * 5000 + "x!"])
def test_hostile_specs_are_refused_quickly(spec):
    import time

    start = time.monotonic()
    with pytest.raises(UsageError):
        VersionSpec(spec)
    assert time.monotonic() - start < 1  # no regex that backtracks exponentially
