"""Version ordering and version specs (see docs/versions.md).

A version that PEP 440 can read (``3.12.0rc1``, ``2.1.0+cu121``, ``1!2.0``, ``2.6.32-5``)
is ordered as ``packaging`` orders it. Anything else (OpenSSL's ``1.1.1w``, ``1.8.0_392``,
``3.0.2-0ubuntu1``, ``unknown``) is read leniently: its leading numbers are its release,
and the words and numbers after them follow in order. Both kinds map to one sort key, so
that any mix of them is one total, consistent order:

    (epoch, release without trailing zeros, tail tokens..., END)

Tail tokens rank dev < pre-release < END < local < post < word < number, which gives
PEP 440's order for PEP 440 versions (``1.0.dev1 < 1.0a1 < 1.0 < 1.0+local < 1.0.post1``)
and puts a lenient word after the release (``1.1.1 < 1.1.1w``). One exception: a single
letter right after the numbers (``1.1.1a``, ``1.0.2r``) is read as OpenSSL's letter
release, not as PEP 440's ``a0`` pre-release or ``post0``. A version that does not start
with a number sorts below every other.

``packaging`` is imported only for a version that is not plain numbers (``3.11.7``):
the plain ones, most of a registry, are read here at no import cost.
"""

from __future__ import annotations

import re
from functools import lru_cache, total_ordering

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    _Token = tuple[int, int, int, str, tuple[tuple[int, int, str], ...]]
    _Key = tuple[int, tuple[int, ...], tuple[_Token, ...]]
    _Clause = tuple[str, str]

__all__ = ["Version", "VersionSpec", "version_tags", "parse_spec"]

# tail token ranks (see the module docstring)
_DEV, _PRE, _END, _LOCAL, _POST, _WORD, _NUM = range(7)
_END_TOKEN: _Token = (_END, 0, 0, "", ())
_PRE_LETTER = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}
_POST_WORDS = {"post", "rev", "r"}

# ASCII digits only: \d would take other scripts' digits, which int() reads but no tool prints
_PLAIN = re.compile(r"[vV]?([0-9]+(?:\.[0-9]+)*)")
_LETTER_RELEASE = re.compile(r"[vV]?[0-9]+(?:\.[0-9]+)*[A-Za-z]")  # 1.1.1w, 1.0.2r: OpenSSL's
_SEGMENT = re.compile(r"[0-9]+|[A-Za-z]+")
# int() refuses more than 4300 digits; any number this long is garbage, and all such
# numbers count as one (so that ordering never fails on what a registry may hold)
_HUGE = 10 ** 64
_DIGITS = "0123456789"
_LONG_NUMBER = re.compile(r"[0-9]{65}")


def _int(digits: str) -> int:
    return int(digits) if len(digits) <= 64 or len(digits.lstrip("0")) <= 64 else _HUGE


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[_Key, tuple[int, ...], bool]:
    """(sort key, release numbers as written, read by PEP 440?)"""
    plain = _PLAIN.fullmatch(text)
    if plain:  # the common case, exactly as packaging reads it
        numbers = tuple(_int(n) for n in plain.group(1).split("."))
        return (0, _strip(numbers), (_END_TOKEN,)), numbers, True
    if not _LETTER_RELEASE.fullmatch(text) and not _LONG_NUMBER.search(text):
        from packaging.version import InvalidVersion
        from packaging.version import Version as Pep440

        try:
            pep = Pep440(text)
        except InvalidVersion:
            pass
        else:
            return _pep_key(pep), tuple(pep.release), True
    return _lenient_key(text)


def _strip(numbers: tuple[int, ...]) -> tuple[int, ...]:
    end = len(numbers)
    while end and numbers[end - 1] == 0:
        end -= 1
    return numbers[:end]


def _pep_key(pep: object) -> _Key:
    from packaging.version import Version as Pep440

    assert isinstance(pep, Pep440)
    tail: list[_Token] = []
    if pep.pre is not None:
        tail.append((_PRE, _PRE_LETTER[pep.pre[0]], pep.pre[1], "", ()))
    if pep.post is not None:
        tail.append((_POST, pep.post, 0, "", ()))
    if pep.dev is not None:
        tail.append((_DEV, pep.dev, 0, "", ()))
    if pep.local is not None:
        # as packaging: words sort before numbers, numbers by value
        segs = tuple((1, int(s), "") if s.isdigit() else (0, 0, s)
                     for s in pep.local.split("."))
        tail.append((_LOCAL, 0, 0, "", segs))
    tail.append(_END_TOKEN)
    return pep.epoch, _strip(tuple(pep.release)), tuple(tail)


def _lenient_key(text: str) -> tuple[_Key, tuple[int, ...], bool]:
    segs = [s.lower() for s in _SEGMENT.findall(text.lstrip("vV"))]
    numbers: list[int] = []
    while len(numbers) < len(segs) and segs[len(numbers)][0] in _DIGITS:
        numbers.append(_int(segs[len(numbers)]))
    tail: list[_Token] = []
    i = len(numbers)
    while i < len(segs):
        seg = segs[i]
        nxt = _int(segs[i + 1]) if i + 1 < len(segs) and segs[i + 1][0] in _DIGITS else None
        if seg[0] in _DIGITS:
            tail.append((_NUM, _int(seg), 0, "", ()))
        elif seg == "dev":
            tail.append((_DEV, nxt or 0, 0, "", ()))
            i += nxt is not None
        elif seg in _PRE_LETTER and (len(seg) > 1 or nxt is not None):
            # a, b and c mark a pre-release only with a number (3.12.0b2); 1.1.1c is a release
            tail.append((_PRE, _PRE_LETTER[seg], nxt or 0, "", ()))
            i += nxt is not None
        elif seg in _POST_WORDS and nxt is not None:
            tail.append((_POST, nxt, 0, "", ()))
            i += 1
        else:
            tail.append((_WORD, 0, 0, seg, ()))
        i += 1
    tail.append(_END_TOKEN)
    # a version without a leading number ("unknown", "trunk") sorts below all others
    epoch = 0 if numbers else -1
    return (epoch, _strip(tuple(numbers)), tuple(tail)), tuple(numbers), False


@total_ordering
class Version:
    """A version of any form, ordered as PEP 440 orders it where PEP 440 can read it:
    ``Version('1.1.1w') > Version('1.1.1')``, ``Version('1!0.5') > Version('2.0')``."""

    __slots__ = ("text", "key", "numbers_written", "pep440")

    def __init__(self, text: str) -> None:
        self.text = str(text).strip()
        self.key, self.numbers_written, self.pep440 = _parse(self.text)

    def __repr__(self) -> str:
        return f"Version({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def __hash__(self) -> int:
        return hash(self.key)  # 3.10 and 3.10.0 have one key, so they hash alike

    def __eq__(self, other: object) -> bool:
        return self.key == _as_version(other).key

    def __lt__(self, other: object) -> bool:
        return self.key < _as_version(other).key

    @property
    def epoch(self) -> int:
        return max(self.key[0], 0)

    @property
    def is_prerelease(self) -> bool:
        """A pre-release or dev release (``3.12.0rc1``, ``0.23.0.dev0``)."""
        return any(tok[0] in (_DEV, _PRE) for tok in self.key[2])

    @property
    def release(self) -> tuple[int, ...]:
        """The release numbers, trailing zeros dropped: ``3.12.0rc1`` → (3, 12)."""
        return self.key[1]

    @property
    def numbers(self) -> list[int]:
        """The release numbers as written: ``16.0.6`` → [16, 0, 6] (a ``v`` ignored)."""
        return list(self.numbers_written)

    @property
    def public_key(self) -> _Key:
        """The sort key without a local label (``17.0.15+6`` → that of ``17.0.15``)."""
        epoch, release, tail = self.key
        return epoch, release, tuple(t for t in tail if t[0] != _LOCAL)

    @property
    def has_local(self) -> bool:
        return any(t[0] == _LOCAL for t in self.key[2])

    def startswith(self, prefix: Version) -> bool:
        """True when ``prefix`` leads this version: ``3.11.2`` and ``3.11rc1`` start with
        ``3.11``, ``160`` does not start with ``16``. Plain numbers are compared as numbers,
        missing ones as zeros (PEP 440's prefix match); other prefixes segment by segment."""
        if self.key[0] < 0:
            return False
        if prefix.key[0] >= 0 and prefix.key[2] == (_END_TOKEN,):  # release numbers alone
            if prefix.key[0] != self.key[0]:
                return False
            want = prefix.numbers_written
            have = self.numbers_written + (0,) * max(0, len(want) - len(self.numbers_written))
            return have[: len(want)] == want
        raw_self, raw_prefix = _raw(self.text), _raw(prefix.text)
        return raw_self[: len(raw_prefix)] == raw_prefix


def _as_version(value: object) -> Version:
    return value if isinstance(value, Version) else Version(str(value))


def _raw(text: str) -> list[str]:
    return [s.lower() for s in _SEGMENT.findall(text.lstrip("vV"))]


def version_tags(version: str) -> list[str]:
    """Automatic tags of a version: ``16.0.6`` → v16, v16.0, v16.0.6."""
    if not version:
        return []
    segs = re.split(r"(?<=\d)(?=[^\d])|[.]", version.lstrip("vV"))
    tags: list[str] = []
    parts: list[str] = []
    for seg in segs:
        if not seg:
            continue
        parts.append(seg)
        if not seg[0].isdigit():
            break
        tags.append("v" + ".".join(parts))
    full = "v" + version.lstrip("vV")
    if full not in tags:
        tags.append(full)
    return tags


# -- specs ------------------------------------------------------------------------------

_OPERATORS = ("===", "~=", "==", "!=", "<=", ">=", "<", ">", "=", "^", "~")
_OP_CHARS = "<>=!~^"
_LEADING_OP = re.compile(r"[<>=!~^]+")
_LENIENT_CHARS = re.compile(r"[A-Za-z0-9._+-]+")
_DOUBLE_SEPARATOR = re.compile(r"[._+-]{2}")
_RELEASE_REF = re.compile(r"[vV]?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*")
# a misspelt operator, by the characters it is made of -> what was probably meant
_MEANT = {
    frozenset("=>"): ">=", frozenset("=<"): "<=", frozenset("!"): "!=", frozenset("!="): "!=",
    frozenset("<>"): "!=", frozenset("~="): "~=", frozenset("~>"): "~=", frozenset(">"): ">",
    frozenset("<"): "<", frozenset("="): "==", frozenset("^="): "^", frozenset("~"): "~",
    frozenset("^"): "^",
}
_EXAMPLES = "write clauses like '>=3.9,<3.12', '==3.11.*', '^3.9', '~=1.2' or '16'"


class VersionSpec:
    """A comma-separated AND of clauses: ``>=3.9,<3.12``, ``==3.11.*``, ``~=1.2``, ``^3.9``,
    ``~3.9``, ``16``. A spec that cannot be read is a UsageError with a suggestion.

    A bare version (``16`` or ``3.11``) matches every version that starts with it. ``^``
    and ``~`` are npm's and Poetry's: ``^3.9`` is ``>=3.9,<4``, ``^0.2.3`` is
    ``>=0.2.3,<0.3``, ``~3.9`` is ``>=3.9,<3.10``, ``~3`` is ``>=3,<4``.
    """

    def __init__(self, text: str) -> None:
        from envmgr.errors import UsageError

        if not isinstance(text, str):
            raise UsageError(f"a version spec must be a string, not {type(text).__name__}",
                             _EXAMPLES)
        self.text = text.strip()
        self.clauses: list[_Clause] = []
        """The clauses as (operator, version), ``^`` and ``~`` expanded to ``>=`` and ``<``."""
        if not self.text:
            raise UsageError("the version spec is empty",
                             "leave --version out to allow any version, or " + _EXAMPLES)
        if "||" in self.text:
            raise UsageError(f"cannot read version spec '{text}': a spec has no '||' (or); "
                             "its clauses, separated by commas, must all hold",
                             "ask once per range")
        hyphen = re.fullmatch(r"\s*(\S+)\s+-\s+(\S+)\s*", self.text)
        if hyphen:
            raise UsageError(f"cannot read version spec '{text}'",
                             f"for a range write '>={hyphen.group(1)},<={hyphen.group(2)}'")
        parts = self.text.split(",")
        for part in parts:
            if not part.strip():
                fixed = ",".join(p.strip() for p in parts if p.strip())
                raise UsageError(
                    f"cannot read version spec '{text}': it has an empty clause",
                    f"remove the extra comma: '{fixed}'" if fixed else _EXAMPLES)
            self.clauses.extend(_read_clause(part.strip(), text))

    def __repr__(self) -> str:
        return f"VersionSpec({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def contains(self, version: str | Version) -> bool:
        v = version if isinstance(version, Version) else Version(version)
        return all(_holds(op, ref, v) for op, ref in self.clauses)

    __contains__ = contains


def _read_clause(part: str, text: str) -> list[_Clause]:
    from envmgr.errors import UsageError

    def refuse(why: str, suggestion: str = _EXAMPLES) -> UsageError:
        return UsageError(f"cannot read version spec '{text}': {why}", suggestion)

    m = _LEADING_OP.match(part)
    op = m.group(0) if m else ""
    ref = part[len(op):].strip()
    name = re.match(r"[A-Za-z_][\w.-]*\s*(?=[<>=!~^])", part)
    if name:
        raise refuse(f"a version spec holds versions only, not a name ('{name.group(0).strip()}')",
                     f"write '{part[name.end():]}'")
    if part in ("*", "latest", "any"):
        raise refuse(f"'{part}' is not a version", "leave --version out to allow any version")
    if op and op not in _OPERATORS:
        meant = _MEANT.get(frozenset(op))
        if meant:
            raise refuse(f"'{op}' is not an operator", f"did you mean '{meant}{ref}'?")
        raise refuse(f"'{op}' is not an operator",
                     "use one of " + ", ".join(_OPERATORS))
    if not ref:
        raise refuse(f"'{op}' has no version after it", f"for example '{op or '>='}3.9'")
    core = ref[:-2] if ref.endswith(".*") else ref
    if any(c in _OP_CHARS or c.isspace() for c in core) and not _readable(core):
        clauses = re.findall(r"[<>=!~^]*\s*[^\s<>=!~^,]+", part)
        joined = ",".join(re.sub(r"\s+", "", c) for c in clauses)
        raise refuse("it holds more than one clause",
                     f"separate clauses with a comma: '{joined}'")
    if ref.endswith(".*"):
        if op not in ("", "=", "==", "!="):
            raise refuse(f"'.*' goes only with == or != (not '{op}')",
                         f"write '=={ref}' or '{op}{ref[:-2]}'")
        if not _RELEASE_REF.fullmatch(ref[:-2]):
            raise refuse(f"'{ref}': only release numbers go before '.*'",
                         "for example '==3.11.*'")
        return [("==" if op in ("", "=") else op, ref)]
    if not re.search(r"[0-9]", ref):
        raise refuse(f"'{ref}' has no number", "write clauses like '>=3.9,<3.12'")
    if not _readable(ref):
        raise refuse(f"'{ref}' is not a version", _EXAMPLES)
    if op == "===":
        return [(op, ref)]
    v = Version(ref)
    if op in ("^", "~", "~="):
        nums = v.numbers
        if op == "~=":
            if len(nums) < 2 or v.has_local:
                raise refuse(f"'~={ref}' needs two or more release numbers and no local label",
                             f"for example '~={nums[0] if nums else 1}.0'")
            return [(op, ref)]
        if op == "^":  # bump the first non-zero number given, else the last one given
            i = next((k for k, n in enumerate(nums) if n), len(nums) - 1)
        else:  # "~": bump the minor number, or the major one when that is all there is
            i = min(1, len(nums) - 1)
        upper = ".".join(str(n) for n in [*nums[:i], nums[i] + 1])
        if v.epoch:
            upper = f"{v.epoch}!{upper}"
        return [(">=", ref), ("<", upper)]
    return [("==" if op == "=" else op, ref)]


def _lenient_ref(ref: str) -> bool:
    """What a version in a spec may look like when PEP 440 cannot read it: numbers first,
    then letters, digits and single separators (1.1.1w, 1.8.0_392, 3.0.2-0ubuntu1).
    Checked piece by piece: one regex for it backtracks exponentially on '1aaaa...!'."""
    core = ref[1:] if ref[:1] in ("v", "V") else ref
    return (bool(core) and core[0] in _DIGITS and core[-1] not in "._+-"
            and _LENIENT_CHARS.fullmatch(core) is not None
            and _DOUBLE_SEPARATOR.search(core) is None)


def _readable(ref: str) -> bool:
    if _lenient_ref(ref):
        return True
    if _LONG_NUMBER.search(ref):
        return False
    from packaging.version import InvalidVersion
    from packaging.version import Version as Pep440

    try:
        Pep440(ref)
    except InvalidVersion:
        return False
    return True


def _holds(op: str, ref: str, v: Version) -> bool:
    if ref.endswith(".*"):
        prefix = v.startswith(Version(ref[:-2]))
        return prefix if op == "==" else not prefix
    if op == "===":  # PEP 440's arbitrary equality: the same text
        return v.text.lower() == ref.lower()
    r = Version(ref)
    if op == "":
        return v.startswith(r)
    if op == "==":  # a local label is ignored unless the spec gives one (PEP 440)
        return (v.key if r.has_local else v.public_key) == r.key
    if op == "!=":
        return (v.key if r.has_local else v.public_key) != r.key
    if op == ">=":
        return v >= r
    if op == "<=":  # envmgr's: up to 3.11 includes every 3.11.x
        return v <= r or v.startswith(r)
    if op == ">":  # envmgr's: after 3.11 and every 3.11.x
        return v > r and not v.startswith(r)
    if op == "<":  # PEP 440: <3.12 admits no 3.12 pre-release, unless 3.12rc2 is the bound
        if not v < r:
            return False
        same_release = (v.epoch, v.release) == (r.epoch, r.release)
        return not (v.is_prerelease and not r.is_prerelease and same_release)
    if op == "~=":  # PEP 440: ~=1.4.5 is >=1.4.5 and ==1.4.*
        upper = ".".join(str(n) for n in r.numbers[:-1])
        series = Version(f"{r.epoch}!{upper}" if r.epoch else upper)
        return v >= r and v.startswith(series)
    return False


def parse_spec(text: str | None) -> VersionSpec | None:
    """A VersionSpec; None for None (no spec given). A blank spec is a UsageError: it
    must never mean "any version" by accident."""
    if text is None:
        return None
    return VersionSpec(text)
