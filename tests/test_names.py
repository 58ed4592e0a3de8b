"""Matching typed unit names: folding, tone-mark placement, prefixes, levels and ambiguity."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs import names
from jobs.names import Match, MatchLevel, UnitMatcher, fold, match_key, strip_diacritics
from jobs.units import SEED_UNITS, Unit

SEED = UnitMatcher(SEED_UNITS)
BY_NAME = {unit.name: unit for unit in SEED_UNITS}
CENTRE = "Trung tâm Văn hoá, Thể thao và Truyền thông"

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ,.-;()")


def _unit(name: str, *aliases: str, stt: int = 1) -> Unit:
    return Unit(stt, name, "", "", aliases, True)


def _matched(matcher: UnitMatcher, text: str) -> tuple[str | None, str]:
    match = matcher.match(text)
    return (match.unit.name if match.unit else None), match.level


@pytest.mark.parametrize("unit", SEED_UNITS, ids=lambda u: u.name)
def test_every_seed_unit_matches_itself_exactly(unit):
    assert SEED.match(unit.name) == Match(unit, MatchLevel.EXACT)


@pytest.mark.parametrize(
    ("unit", "alias"),
    [(unit, alias) for unit in SEED_UNITS for alias in unit.aliases],
    ids=lambda value: getattr(value, "name", value),
)
def test_every_seed_alias_matches_its_unit_as_an_alias(unit, alias):
    assert SEED.match(alias) == Match(unit, MatchLevel.ALIAS)


@pytest.mark.parametrize("unit", SEED_UNITS, ids=lambda u: u.name)
def test_decomposed_input_matches_like_composed(unit):
    decomposed = unicodedata.normalize("NFD", unit.name)
    assert decomposed != unit.name
    assert SEED.match(decomposed).unit == unit


@pytest.mark.parametrize(
    ("typed", "name", "level"),
    [
        ("Trung tâm Văn hóa, Thể thao và Truyền thông", CENTRE, "exact"),
        ("Trung tâm Văn hoá, Thể thao và Truyền thông", CENTRE, "exact"),
        ("Phường Xuất Hoá", "Phường Xuất Hóa", "exact"),
        ("Phường Xuất Hóa", "Phường Xuất Hóa", "exact"),
        ("Phường Huyền Tụng", "Phường Huyền Tụng", "exact"),
        ("Phường Huyền Tung", "Phường Huyền Tụng", "alias"),
        ("Huyền Tung", "Phường Huyền Tụng", "alias"),
        ("P. Huyền Tung", "Phường Huyền Tụng", "alias"),
    ],
)
def test_both_tone_placements_and_the_letters_other_spelling_match(typed, name, level):
    assert _matched(SEED, typed) == (name, level)


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [
        ("hóa", "hoá"),
        ("hòa", "hoà"),
        ("khỏe", "khoẻ"),
        ("thúy", "thuý"),
        ("ủy ban", "uỷ ban"),
        ("Thụy", "Thuỵ"),
        ("Hòa Bình", "Hoà Bình"),
        ("tỏa", "toả"),
        ("HÓA", "HOÁ"),
    ],
)
def test_both_tone_placements_of_oa_oe_uy_fold_alike(old_style, new_style):
    assert fold(old_style) == fold(new_style)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Hòa", "hoà"),
        ("THÚY", "thuý"),
        ("Quý", "quý"),  # qu: the u belongs to the consonant
        ("qúy", "quý"),
        ("hoàn", "hoàn"),  # a final consonant puts the tone on the last vowel
        ("hòan", "hoàn"),
        ("mía", "mía"),  # ia, ua keep the tone on the first vowel
        ("múa", "múa"),
        ("ngòai", "ngoài"),  # three vowels: the middle one
        ("khủyu", "khuỷu"),
        ("giữa", "giữa"),  # gi + vowel: the i belongs to the consonant
        ("gìn", "gìn"),
        ("Nguyễn", "nguyễn"),  # a vowel with a hat or horn takes the tone
        ("Thượng", "thượng"),
        ("Nguyên", "nguyên"),
    ],
)
def test_fold_puts_the_tone_mark_in_one_canonical_place(typed, folded):
    assert fold(typed) == folded


@pytest.mark.parametrize(
    ("one", "other"),
    [("hoà", "hoá"), ("Hòa", "Hoa"), ("Tụng", "Tung"), ("Đức", "Dức"), ("Sông", "Song")],
)
def test_fold_keeps_letters_and_tones_apart(one, other):
    assert fold(one) != fold(other)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("PHƯỜNG SÔNG CẦU", "Phường Sông Cầu"),
        ("XÃ DƯƠNG QUANG", "Xã Dương Quang"),
        ("TRUNG TÂM VĂN HÓA, THỂ THAO VÀ TRUYỀN THÔNG", CENTRE),
        ("phường đức xuân", "Phường Đức Xuân"),
        ("pHƯỜNG nGUYỄN tHỊ mINH kHAI", "Phường Nguyễn Thị Minh Khai"),
    ],
)
def test_any_case_matches_exactly(typed, name):
    assert _matched(SEED, typed) == (name, "exact")


@pytest.mark.parametrize(
    "typed",
    [
        "  phường   sông-cầu ,",
        "Phường Sông Cầu.",
        "“Phường Sông Cầu”",
        '"Phường Sông Cầu"',
        "(Phường Sông Cầu)",
        "Phường_Sông_Cầu",
        "Phường\tSông\nCầu",
        "Phường\u00a0Sông Cầu",  # no-break space, as pasted from Word
        "Phường Sông\u200bCầu",  # zero-width space
        "Phường Sông Cầu;",
        "Phường/Sông Cầu",
        "PhườngSông Cầu",
    ],
)
def test_spaces_and_punctuation_do_not_matter(typed):
    assert _matched(SEED, typed) == ("Phường Sông Cầu", "exact")


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("xa duong quang", "Xã Dương Quang"),
        ("Phuong Song Cau", "Phường Sông Cầu"),
        ("PHUONG DUC XUAN", "Phường Đức Xuân"),
        ("phuong huyen tung", "Phường Huyền Tụng"),
        ("Trung tam Van hoa, The thao va Truyen thong", CENTRE),
        ("Phường Sông Câu", "Phường Sông Cầu"),  # wrong diacritics: found, but only without them
        ("P. Song Cau", "Phường Sông Cầu"),
        ("duc xuan", "Phường Đức Xuân"),
        ("Xa Nong Thuong", "Xã Nông Thượng"),
    ],
)
def test_a_name_found_only_without_diacritics_asks_for_a_warning(typed, name):
    match = SEED.match(typed)
    assert (match.unit.name if match.unit else None, match.level) == (name, "no_diacritics")
    assert match.needs_warning


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("P. Sông Cầu", "Phường Sông Cầu"),
        ("P Sông Cầu", "Phường Sông Cầu"),
        ("P.Sông Cầu", "Phường Sông Cầu"),
        ("Phuong Sông Cầu", "Phường Sông Cầu"),
        ("Ph. Đức Xuân", "Phường Đức Xuân"),
        ("Sông Cầu", "Phường Sông Cầu"),
        ("Nguyễn Thị Minh Khai", "Phường Nguyễn Thị Minh Khai"),
        ("X. Dương Quang", "Xã Dương Quang"),
        ("x Nông Thượng", "Xã Nông Thượng"),
        ("Xa Nông Thượng", "Xã Nông Thượng"),
        ("UBND xã Dương Quang", "Xã Dương Quang"),
        ("Ủy ban nhân dân phường Xuất Hoá", "Phường Xuất Hóa"),
        ("TT Văn hoá, Thể thao và Truyền thông", CENTRE),
        ("Văn hoá, Thể thao và Truyền thông", CENTRE),
    ],
)
def test_abbreviated_or_missing_prefixes_match_exactly(typed, name):
    assert _matched(SEED, typed) == (name, "exact")
    assert not SEED.match(typed).needs_warning


@pytest.mark.parametrize(
    "typed", ["TT VHTTTT", "TTVHTTTT", "TT VH-TT-TT", "Trung tâm VHTT&TT", "tt vhtt & tt"]
)
def test_the_centres_abbreviations_match_its_alias(typed):
    assert _matched(SEED, typed) == (CENTRE, "alias")


DUC_XUAN = UnitMatcher([_unit("Phường Đức Xuân", stt=1), _unit("Xã Đức Xuân", stt=2)])


@pytest.mark.parametrize("typed", ["Đức Xuân", "đức  xuân", "Duc Xuan", "ĐỨC XUÂN"])
def test_a_name_two_units_share_is_ambiguous_never_a_guess(typed):
    match = DUC_XUAN.match(typed)
    assert match.unit is None
    assert match.level == "ambiguous"
    assert [u.name for u in match.candidates] == ["Phường Đức Xuân", "Xã Đức Xuân"]
    assert not match.found


@pytest.mark.parametrize(
    ("typed", "name", "level"),
    [
        ("P. Đức Xuân", "Phường Đức Xuân", "exact"),
        ("Phường Đức Xuân", "Phường Đức Xuân", "exact"),
        ("X. Đức Xuân", "Xã Đức Xuân", "exact"),
        ("Xã Đức Xuân", "Xã Đức Xuân", "exact"),
        ("xa duc xuan", "Xã Đức Xuân", "no_diacritics"),
        ("Phuong Duc Xuan", "Phường Đức Xuân", "no_diacritics"),
    ],
)
def test_the_prefix_tells_apart_units_that_share_a_name(typed, name, level):
    assert _matched(DUC_XUAN, typed) == (name, level)


def test_names_that_differ_only_in_tone_are_exact_with_tones_and_ambiguous_without():
    matcher = UnitMatcher([_unit("Xã Yên Thịnh"), _unit("Xã Yên Thính", stt=2)])
    assert _matched(matcher, "xã yên thịnh") == ("Xã Yên Thịnh", "exact")
    assert _matched(matcher, "XÃ YÊN THÍNH") == ("Xã Yên Thính", "exact")
    assert matcher.match("xa yen thinh").level == "ambiguous"


def test_an_alias_the_office_declared_beats_a_name_typed_without_its_prefix():
    matcher = UnitMatcher([_unit("Phường Đức Xuân", "Đức Xuân"), _unit("Xã Đức Xuân", stt=2)])
    assert _matched(matcher, "Đức Xuân") == ("Phường Đức Xuân", "alias")


@pytest.mark.parametrize(
    "typed",
    ["Phường Hà Nội", "", "   ", "-", "Sông", "Phường", "Trung tâm", "12345", "Xã Sông Cầu"],
)
def test_an_unknown_name_matches_nothing(typed):
    assert SEED.match(typed) == Match(None, MatchLevel.UNKNOWN)


def test_units_not_monitored_are_still_recognised():
    matcher = UnitMatcher([Unit(1, "Xã Nông Thượng", "Xã", "", (), False)])
    assert _matched(matcher, "xã nông thượng") == ("Xã Nông Thượng", "exact")


def test_repeated_text_gives_the_same_answer_from_the_cache():
    matcher = UnitMatcher(SEED_UNITS)
    first = matcher.match("P. Sông Cầu")
    assert matcher.match("P. Sông Cầu") is first
    assert first.unit == BY_NAME["Phường Sông Cầu"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Phường Sông Cầu", "P. Sông Cầu"),
        ("Phường Sông Cầu", "phường sông-cầu"),
        ("Phường Xuất Hoá", "Phường Xuất Hóa"),
        ("Trung tâm VHTT&TT", "TT VHTTTT"),
    ],
)
def test_match_key_is_shared_by_names_the_matcher_cannot_tell_apart(one, other):
    assert match_key(one) == match_key(other)


def test_match_key_keeps_the_kind_of_unit():
    assert match_key("Phường Đức Xuân") != match_key("Xã Đức Xuân")


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


# Words apart and together: letters, tone and shape marks (also stray, at a word's start),
# punctuation, digits and every kind of whitespace, where folding could reach across words.
_WORD_PARTS = (
    VIETNAMESE_LETTERS
    + "ĐAIOUY\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323\u0308\u1ab0"
    + " \t\n\u00a0\u2003\u3000,.-_&;()'\"0129ßİﬁ"
)
words_and_spaces = st.text(alphabet=st.sampled_from(_WORD_PARTS)) | st.text()


@given(words_and_spaces)
def test_fold_word_by_word_is_fold_of_the_whole_text(text):
    # fold folds each word on its own (names share words, and so share the work); that
    # must give exactly what folding the whole text at once gives.
    assert fold(text) == names._fold_word(text)


@given(st.text())
def test_fold_ignores_unicode_normalisation(text):
    nfd, nfc = unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)
    assert fold(nfd) == fold(nfc)


@given(vietnamese_text)
def test_fold_ignores_case(text):
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(st.text())
def test_strip_diacritics_is_idempotent_and_leaves_no_vietnamese_marks(text):
    bare = strip_diacritics(text)
    assert strip_diacritics(bare) == bare
    assert not set(unicodedata.normalize("NFD", bare)) & set("\u0300\u0301\u0303\u0309\u0323")


@given(vietnamese_text)
def test_strip_diacritics_leaves_plain_ascii_for_vietnamese(text):
    assert strip_diacritics(text).isascii()


ALL_NAMES = [(unit, name) for unit in SEED_UNITS for name in (unit.name, *unit.aliases)]


@given(st.sampled_from(ALL_NAMES))
def test_any_seed_name_without_diacritics_matches_back_to_its_unit(pair):
    unit, name = pair
    match = SEED.match(strip_diacritics(name))
    assert match.unit == unit
    assert match.level in {"exact", "alias", "no_diacritics"}  # "TT VHTTTT" has no diacritics


SYLLABLES = [
    "hoá", "hóa", "thuý", "khoẻ", "Huyền", "Tụng", "Xuất", "Nguyễn", "Thượng", "Quý", "giữa",
    "ngoài", "hoàn", "mía", "khuỷu", "Đức", "Cầu", "Chí", "Thuỵ", "Thị",
]  # fmt: skip
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


@given(st.sampled_from(SYLLABLES), st.data())
def test_a_tone_mark_typed_on_any_vowel_of_a_syllable_folds_alike(syllable, data):
    letters = list(unicodedata.normalize("NFD", syllable))
    tone = next(c for c in letters if c in TONE_MARKS)
    letters.remove(tone)
    vowels = [i for i, c in enumerate(letters) if c.lower() in "aeiouy"]
    position = data.draw(st.sampled_from(vowels))
    moved = "".join([*letters[: position + 1], tone, *letters[position + 1 :]])
    assert fold(moved) == fold(syllable)


@given(st.sampled_from(ALL_NAMES), st.data())
def test_messy_typing_of_a_seed_name_still_finds_its_unit(pair, data):
    unit, name = pair
    words = name.split()
    separators = st.sampled_from([" ", "  ", " - ", ", ", ". ", "\t", " ; "])
    typed = words[0]
    for word in words[1:]:
        typed += data.draw(separators) + word
    typed = "".join(data.draw(st.sampled_from([c.upper(), c.lower()])) for c in typed)
    typed = unicodedata.normalize(data.draw(st.sampled_from(["NFC", "NFD"])), typed)
    typed = data.draw(st.sampled_from(["", " ", "  ", "“"])) + typed + data.draw(separators)
    match = SEED.match(typed)
    assert match.unit == unit
    assert match.level == ("exact" if name == unit.name else "alias")
