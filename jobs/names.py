"""Match the unit names people type (on phones, by hand in the Sheet) to the ``Đơn vị`` tab.

Names compare after folding (NFC, case, spaces, punctuation, tone-mark placement); a match
found only without diacritics is flagged, and an unknown or ambiguous name is never guessed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # units.py imports this module, so the type is only needed for checkers
    from .units import Unit

# Tone marks (dấu thanh) as combining characters after NFD: huyền, sắc, ngã, hỏi, nặng.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Marks that make a different vowel letter (ă, â, ê, ô, ơ, ư): breve, circumflex, horn.
_SHAPES = frozenset("\u0302\u0306\u031b")
_VOWELS = frozenset("aeiouy")
# Pairs whose tone is written on either vowel in open syllables: hòa/hoà, khỏe/khoẻ, thúy/thuý.
_GLIDE_PAIRS = frozenset({"oa", "oe", "uy"})
# The marks each Vietnamese vowel may carry besides its tone: ă â, ê, ô ơ, ư.
_SHAPES_OF = {
    "a": ("", "\u0306", "\u0302"),
    "e": ("", "\u0302"),
    "o": ("", "\u0302", "\u031b"),
    "u": ("", "\u031b"),
}

# A letter with the combining diacritics after it (Vietnamese uses only U+0300..U+036F).
_LETTER = re.compile(r"[^\W\d_][\u0300-\u036f]*")
_WORD = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+")
_SEPARATORS = re.compile(r"[\W_]+")  # punctuation, symbols, spaces and stray marks
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Tones typed before a breve or circumflex (same combining class, so NFD keeps the order).
_TONE_BEFORE_HAT = re.compile(r"([\u0300\u0301\u0303\u0309]+)([\u0302\u0306]+)")
_CACHE_SIZE = 65_536  # distinct texts (and syllables) remembered by fold and friends


# What people type for the kind of unit at the start of a name, compared without diacritics.
# "TT" means Trung tâm here; thị trấn no longer exist since the 2025 reorganisation.
PREFIXES: dict[str, tuple[str, ...]] = {
    "phường": ("p", "ph", "phuong"),
    "xã": ("x", "xa"),
    "trung tâm": ("tt", "trung tam"),
    "thị trấn": ("thi tran",),
    "đặc khu": ("dac khu",),
}
# Words before the name that say nothing about which unit it is ("UBND xã Dương Quang").
_NOISE = (("ubnd",), ("uy", "ban", "nhan", "dan"))
_NOISE_STARTS = frozenset(noise[0] for noise in _NOISE)


class MatchLevel(StrEnum):
    """How a typed name was matched, best first."""

    EXACT = "exact"  # the unit's name, after folding (and with its prefix abbreviated or left out)
    ALIAS = "alias"  # one of the unit's other names (Tên khác)
    NO_DIACRITICS = "no_diacritics"  # only without diacritics: accepted with a warning
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Match:
    """The result of matching one typed name."""

    unit: Unit | None
    level: str
    candidates: tuple[Unit, ...] = ()  # the units an ambiguous name could mean

    @property
    def found(self) -> bool:
        """Return True when the name identifies one unit."""
        return self.unit is not None

    @property
    def needs_warning(self) -> bool:
        """Return True when the match is accepted but should be reported as a warning."""
        return self.level == MatchLevel.NO_DIACRITICS


def _tone_target(bases: list[str], shaped: list[bool]) -> int | None:
    """Return which letter of a one-syllable word carries its tone, or None if unsure."""
    # Decided by the letters alone, so a tone typed on any vowel lands in the same place. For
    # open oa, oe, uy this is what Vietnamese keyboards call "kiểu mới" (hoà, khoẻ, thuý: on
    # the main vowel); "kiểu cũ" (hòa, khỏe, thúy) folds to it.
    n = len(bases)
    start = 0
    if bases[:2] == ["q", "u"] or (bases[:2] == ["g", "i"] and n > 2 and bases[2] in _VOWELS):
        start = 2  # the u of qu and the i of gi + vowel belong to the initial consonant
    first = start
    while first < n and bases[first] not in _VOWELS:
        first += 1
    last = first
    while last < n and bases[last] in _VOWELS:
        last += 1
    if first == n or any(b in _VOWELS for b in bases[last:]):
        return None  # no vowel, or more than one syllable (an abbreviation, a foreign word)
    cluster = range(first, last)
    with_shape = [i for i in cluster if shaped[i]]
    if with_shape:
        return with_shape[-1]  # viết, người, quyển: on the marked vowel (ơ of ươ)
    if last < n or len(cluster) == 1:
        return last - 1  # hoàn, huýt, toán: a final consonant takes the tone to the last vowel
    if len(cluster) == 2:
        pair = bases[first] + bases[first + 1]
        return first + 1 if pair in _GLIDE_PAIRS else first  # hoà, thuý; but mía, múa, tài
    if len(cluster) == 3:
        return first + 1  # ngoài, xoáy, khuỷu
    return None


def _place_word(word: re.Match[str]) -> str:
    """Return one decomposed word with its tone mark in canonical place."""
    text = word.group()
    return text if _TONES.isdisjoint(text) else _place_tone(text)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _place_tone(text: str) -> str:
    """Return one decomposed word that has a tone mark with the mark in canonical place."""
    letters = []
    tones = []
    for letter in _LETTER.findall(text):
        base, marks = letter[0], letter[1:]
        shape = "".join(m for m in marks if m not in _TONES)
        if not ("a" <= base <= "z" or base == "đ") or shape not in _SHAPES_OF.get(base, ("",)):
            return text  # not a Vietnamese word: leave it (its marks may not compose)
        tones.extend(m for m in marks if m in _TONES)
        letters.append((base, shape))
    target = None
    if len(tones) == 1:
        target = _tone_target([base for base, _ in letters], [bool(shape) for _, shape in letters])
    if target is None:
        return text
    return "".join(
        base + shape + (tones[0] if i == target else "") for i, (base, shape) in enumerate(letters)
    )


@functools.lru_cache(maxsize=_CACHE_SIZE)
def fold(text: str) -> str:
    """Return the comparison key of a name: case, spacing, punctuation and tone placement folded."""
    # Whitespace always separates, and nothing of the folding reaches across it: the
    # words of a text fold on their own (and thousands of names share a few hundred words).
    return " ".join([word for word in map(_fold_word, text.split()) if word])


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _fold_word(text: str) -> str:
    """Return ``fold`` of a text, folded as a whole (``fold`` gives it one word at a time)."""
    # NFD, case fold, NFD again is Unicode's canonical caseless matching (NFC or NFD input).
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
    decomposed = _TONE_BEFORE_HAT.sub(r"\2\1", decomposed)  # a+`+^ composes only as a+^+`
    # Separators go first, with marks that compose with nothing, so tones are counted per word
    # on what stays; the tones of Vietnamese words are then moved, and always compose again.
    folded = _SEPARATORS.sub(" ", unicodedata.normalize("NFC", decomposed)).strip()
    if _TONES.isdisjoint(decomposed):
        return folded
    placed = _WORD.sub(_place_word, unicodedata.normalize("NFD", folded))
    return unicodedata.normalize("NFC", placed)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def strip_diacritics(text: str) -> str:
    """Return the folded text without any diacritics (đ becomes d)."""
    bare = _MARKS.sub("", unicodedata.normalize("NFD", fold(text))).replace("đ", "d")
    return " ".join(unicodedata.normalize("NFC", bare).split())


_PREFIX_BY_VARIANT = {
    variant: canonical
    for canonical, variants in PREFIXES.items()
    for variant in (*variants, strip_diacritics(canonical))
}


def _split_prefix(key: str) -> tuple[str | None, str]:
    """Return the canonical kind prefix typed at the start of a folded name, and the rest."""
    tokens = key.split(" ")
    bare = [strip_diacritics(token) for token in tokens[:2]]  # the prefix comes first
    if bare[0] in _NOISE_STARTS:  # or after noise: rare, so looked at only then
        bare = [strip_diacritics(token) for token in tokens[:6]]
        for noise in _NOISE:
            if len(tokens) > len(noise) and tuple(bare[: len(noise)]) == noise:
                tokens, bare = tokens[len(noise) :], bare[len(noise) :]
                break
    for size in (2, 1):
        canonical = _PREFIX_BY_VARIANT.get(" ".join(bare[:size]))
        if canonical is not None and len(tokens) > size:
            return canonical, " ".join(tokens[size:])
    return None, " ".join(tokens)


@dataclass(frozen=True)
class _Parsed:
    """A name as the matcher compares it on one level (folded or without diacritics)."""

    keys: frozenset[str]  # as typed and with its prefix spelled out, spaces removed
    prefix: str | None  # canonical kind prefix, if one was typed
    core: str  # the name without its prefix, spaces removed


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _parse(text: str, bare: bool) -> _Parsed:
    """Return the keys of a name, folded (``bare``: without diacritics too).

    Remembered: reading the unit list parses each name for its duplicate check, then
    again for each index of the matcher (a few thousand communes, on every fresh run).
    """
    key = strip_diacritics(text) if bare else fold(text)
    prefix, core = _split_prefix(key)
    spelled = core
    if prefix is not None:
        spelled = f"{strip_diacritics(prefix) if bare else prefix} {core}"
    keys = frozenset({key.replace(" ", ""), spelled.replace(" ", "")}) - {""}
    return _Parsed(keys, prefix, core.replace(" ", ""))


def match_key(text: str) -> str:
    """Return the key under which two names are the same unit (prefix spelled out, no spaces)."""
    parsed = _parse(text, bare=False)
    prefix = parsed.prefix.replace(" ", "") if parsed.prefix else ""
    return prefix + parsed.core


class _Index:
    """Names of one kind (names or aliases) on one level, ready for lookups."""

    def __init__(self, bare: bool) -> None:
        self.bare = bare
        self.full: dict[str, set[int]] = {}
        self.core: dict[str, list[tuple[int, str | None]]] = {}

    def add(self, text: str, unit: int) -> None:
        """Index one name of a unit."""
        parsed = _parse(text, self.bare)
        for key in parsed.keys:
            self.full.setdefault(key, set()).add(unit)
        if parsed.core:
            self.core.setdefault(parsed.core, []).append((unit, parsed.prefix))

    def whole(self, typed: _Parsed) -> set[int]:
        """Return the units whose whole name (prefix spelled out or not) equals the text."""
        return set().union(*(self.full.get(key, ()) for key in typed.keys))

    def without_prefix(self, typed: _Parsed) -> set[int]:
        """Return the units whose name equals the text when one of the two has no prefix."""
        return {
            unit
            for unit, prefix in self.core.get(typed.core, ())
            if prefix is None or typed.prefix is None
        }


class UnitMatcher:
    """Match typed names to units; build once per unit list, then call ``match`` per row.

    Order of the tiers (the first that finds anything decides; two units there = ambiguous):
    name, alias, name typed without its prefix, alias without its prefix, then the same
    without diacritics. All units are matched, monitored or not: the caller decides.
    """

    _CACHE_LIMIT = 50_000

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units: tuple[Unit, ...] = tuple(units)
        self._names, self._aliases = _Index(bare=False), _Index(bare=False)
        self._bare = _Index(bare=True)
        for i, unit in enumerate(self.units):
            self._names.add(unit.name, i)
            self._bare.add(unit.name, i)
            for alias in unit.aliases:
                self._aliases.add(alias, i)
                self._bare.add(alias, i)
        self._cache: dict[str, Match] = {}

    def match(self, text: str) -> Match:
        """Return the unit a typed name means, or why there is none."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= self._CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[text] = self._match(text)
        return found

    def _match(self, text: str) -> Match:
        """Match without the cache."""
        for level, hits in self._tiers(text):
            if len(hits) == 1:
                return Match(self.units[next(iter(hits))], level)
            if hits:
                candidates = tuple(self.units[i] for i in sorted(hits))
                return Match(None, MatchLevel.AMBIGUOUS, candidates)
        return Match(None, MatchLevel.UNKNOWN)

    def _tiers(self, text: str) -> Iterator[tuple[MatchLevel, set[int]]]:
        """Yield the units each tier finds for a text, best tier first."""
        typed = _parse(text, bare=False)
        yield MatchLevel.EXACT, self._names.whole(typed)
        yield MatchLevel.ALIAS, self._aliases.whole(typed)
        yield MatchLevel.EXACT, self._names.without_prefix(typed)
        yield MatchLevel.ALIAS, self._aliases.without_prefix(typed)
        bare = _parse(text, bare=True)
        yield MatchLevel.NO_DIACRITICS, self._bare.whole(bare)
        yield MatchLevel.NO_DIACRITICS, self._bare.without_prefix(bare)


@functools.lru_cache(maxsize=4)
def matcher_for(units: tuple[Unit, ...]) -> UnitMatcher:
    """Return the matcher of a unit list, shared by the runs that read the same list.

    A scheduled sync reads an unchanged Đơn vị tab every time; reusing its matcher (and the
    names it has already matched) saves folding thousands of names on every run.
    """
    return UnitMatcher(units)
