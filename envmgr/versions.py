"""Lenient version parsing, ordering and specifiers.

One rule for every version, PEP 440 or not: a version is split into numeric and
alphabetic segments (``1.1.1w``, ``2.6.32-5``, ``17.0.15+6``, ``3.12.0rc1``) and compared
segment by segment, missing segments counting as zero. Words that mark a pre-release
(``dev``, ``a``/``alpha``, ``b``/``beta``, ``pre``, ``c``/``rc``) sort before the release,
as in PEP 440; other letters (OpenSSL's ``1.1.1w``) sort after it. For PEP 440 versions
the order agrees with PEP 440's; specifiers follow its meaning too (``<3.12`` admits no
``3.12.0rc1``), with ``16`` alone meaning "starts with 16".
"""

from __future__ import annotations

import re
from functools import lru_cache, total_ordering

__all__ = ["Version", "VersionSpec", "version_tags", "parse_spec"]

_SEGMENT = re.compile(r"\d+|[A-Za-z]+")
_PRE_WORDS = {"dev": -4, "a": -3, "alpha": -3, "b": -2, "beta": -2, "pre": -1, "c": -1, "rc": -1,
              "preview": -1}
# a, b and c mark a pre-release only when a number follows (3.12.0b2); OpenSSL's 1.1.1a
# and 1.1.1c are releases after 1.1.1
_LETTERS_NEEDING_NUMBER = {"a", "b", "c"}
# a version that does not start with a number ("unknown", "trunk") sorts below all others
_NO_NUMBER = (-1, 0, "")


@lru_cache(maxsize=4096)
def _key(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key: a tuple of (rank, number, word) per segment."""
    segs = _SEGMENT.findall(text)
    key: list[tuple[int, int, str]] = [] if segs and segs[0].isdigit() else [_NO_NUMBER]
    for i, seg in enumerate(segs):
        if seg.isdigit():
            key.append((1, int(seg), ""))
            continue
        word = seg.lower()
        next_is_number = i + 1 < len(segs) and segs[i + 1].isdigit()
        pre = word in _PRE_WORDS and (word not in _LETTERS_NEEDING_NUMBER or next_is_number)
        key.append((0, _PRE_WORDS[word], word) if pre else (2, 0, word))
    return tuple(key)


@total_ordering
class Version:
    """A version that compares leniently: ``Version('1.1.1w') > Version('1.1.1')``."""

    __slots__ = ("text", "key")

    def __init__(self, text: str) -> None:
        self.text = str(text).strip()
        self.key = _key(self.text.lstrip("vV"))

    def __repr__(self) -> str:
        return f"Version({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def __hash__(self) -> int:
        key = list(self.key)
        while key and key[-1] == _ZERO:  # 3.10 == 3.10.0, so they hash alike
            key.pop()
        return hash(tuple(key))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            other = Version(str(other))
        return _cmp_keys(self.key, other.key) == 0

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            other = Version(str(other))
        return _cmp_keys(self.key, other.key) < 0

    @property
    def is_prerelease(self) -> bool:
        return any(seg[0] == 0 for seg in self.key)

    @property
    def release(self) -> tuple[int, ...]:
        """The numbers before any word, trailing zeros dropped: ``3.12.0rc1`` → (3, 12)."""
        nums = list(self.numbers)
        while nums and nums[-1] == 0:
            nums.pop()
        return tuple(nums)

    @property
    def numbers(self) -> list[int]:
        """The leading run of numeric segments: ``16.0.6`` → [16, 0, 6] (a ``v`` ignored)."""
        out = []
        for rank, number, _ in self.key:
            if rank != 1:
                break
            out.append(number)
        return out

    def startswith(self, prefix: Version) -> bool:
        """True when ``prefix``'s segments lead this version's (``3.11.2`` starts with ``3.11``)."""
        raw_self = _raw(self.text)
        raw_prefix = _raw(prefix.text)
        return raw_self[: len(raw_prefix)] == raw_prefix


def _raw(text: str) -> list[str]:
    return [s.lower() for s in _SEGMENT.findall(text.lstrip("vV"))]


_ZERO = (1, 0, "")


def _cmp_keys(a: tuple[tuple[int, int, str], ...], b: tuple[tuple[int, int, str], ...]) -> int:
    # the shorter key is padded with zeros: 3.10 == 3.10.0, 1.0rc1 < 1.0, 1.1.1w > 1.1.1
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else _ZERO
        y = b[i] if i < len(b) else _ZERO
        if x != y:
            return -1 if x < y else 1
    return 0


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


_CLAUSE = re.compile(r"^\s*(~=|==|!=|<=|>=|<|>|=)?\s*([^\s,]+)\s*$")


class VersionSpec:
    """A comma-separated AND of clauses: ``>=3.9,<3.12``, ``==3.11.*``, ``~=1.2``, ``16``.

    A bare version (``16`` or ``3.11``) matches every version that starts with it.
    """

    def __init__(self, text: str) -> None:
        from envmgr.errors import UsageError

        self.text = text.strip()
        self.clauses: list[tuple[str, str]] = []
        for part in self.text.split(","):
            if not part.strip():
                continue
            m = _CLAUSE.match(part)
            if not m:
                raise UsageError(
                    f"cannot read version spec '{text}'",
                    "write clauses like '>=3.9,<3.12', '==3.11.*' or '16'",
                )
            op, ver = m.group(1) or "", m.group(2)
            if not re.search(r"\d", ver):
                raise UsageError(
                    f"cannot read version spec '{text}': '{ver}' has no number",
                    "write clauses like '>=3.9,<3.12'",
                )
            self.clauses.append((op, ver))

    def __repr__(self) -> str:
        return f"VersionSpec({self.text!r})"

    def __str__(self) -> str:
        return self.text

    def contains(self, version: str | Version) -> bool:
        v = version if isinstance(version, Version) else Version(version)
        return all(_clause(op, ref, v) for op, ref in self.clauses)

    __contains__ = contains


def _clause(op: str, ref: str, v: Version) -> bool:
    if ref.endswith(".*"):
        prefix_match = v.startswith(Version(ref[:-2]))
        if op in ("", "=", "=="):
            return prefix_match
        if op == "!=":
            return not prefix_match
    r = Version(ref)
    if op == "":
        return v.startswith(r)
    if op in ("=", "=="):
        return v == r
    if op == "!=":
        return v != r
    if op == ">=":
        return v >= r
    if op == "<=":
        return v <= r or v.startswith(r)
    if op == ">":
        return v > r and not v.startswith(r)
    if op == "<":  # PEP 440: <3.12 excludes 3.12's own pre-releases
        return v < r and not (v.is_prerelease and v.release == r.release)
    if op == "~=":
        nums = r.numbers
        if not nums:
            return False
        upper = ".".join(str(n) for n in nums[:-1]) if len(nums) > 1 else str(nums[0])
        return v >= r and v.startswith(Version(upper))
    return False


def parse_spec(text: str | None) -> VersionSpec | None:
    """A VersionSpec, or None for an empty spec."""
    if text is None or not text.strip():
        return None
    return VersionSpec(text)
