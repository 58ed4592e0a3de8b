"""Typed values, serial dates and displayed values of the emulator, checked against Sheets."""

from __future__ import annotations

import math
from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets.emulator.cellvalues import (
    ErrorValue,
    Parsed,
    effective_value_json,
    format_value,
    from_extended_value,
    from_serial,
    is_date_like,
    locale_for,
    parse_user_entered,
    render,
    to_serial,
)
from sheets.emulator.formulas import evaluate

EN_US = locale_for("en_US")
EN_GB = locale_for("en_GB")
VI_VN = locale_for("vi_VN")

# Tuesday, April 5, 2016, 4:08:53.528 PM: the instant the formats guide formats.
GUIDE_MOMENT = to_serial(datetime(2016, 4, 5, 16, 8, 53, 528000))
# 3 hours, 13 minutes, 41.255 seconds: the guide's elapsed time.
GUIDE_DURATION = (3 * 3600 + 13 * 60 + 41.255) / 86400


def _write_and_read(rows, locale, **options):
    """Store rows as USER_ENTERED does, then read them back as values.get does."""
    out = []
    for row in rows:
        cells = []
        for raw in row:
            parsed = parse_user_entered(raw, locale) if isinstance(raw, str) else Parsed(raw)
            value = parsed.value
            if parsed.formula:
                value = evaluate(parsed.formula, lambda *_: None, locale=locale)
            cells.append(
                None if value is None else render(value, parsed.number_format, locale, **options)
            )
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    return out


RECORDED_INPUT = [["=4/2", "2020-01-01", "string", 53], ["=3/2", 0.12, "1999-01-02", ""]]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {"value_render": "UNFORMATTED_VALUE", "date_time_render": "SERIAL_NUMBER"},
            [[2, 43831, "string", 53], [1.5, 0.12, 36162]],
        ),
        (
            {"value_render": "UNFORMATTED_VALUE", "date_time_render": "FORMATTED_STRING"},
            [[2, "2020-01-01", "string", 53], [1.5, 0.12, "1999-01-02"]],
        ),
        (
            {"value_render": "FORMATTED_VALUE", "date_time_render": "SERIAL_NUMBER"},
            [["2", "2020-01-01", "string", "53"], ["1.5", "0.12", "1999-01-02"]],
        ),
        (
            {"value_render": "FORMATTED_VALUE", "date_time_render": "FORMATTED_STRING"},
            [["2", "2020-01-01", "string", "53"], ["1.5", "0.12", "1999-01-02"]],
        ),
    ],
)
def test_user_entered_values_read_back_as_google_recorded(options, expected):
    result = _write_and_read(RECORDED_INPUT, EN_US, **options)
    assert result == expected
    assert [type(v) for v in result[0]] == [type(v) for v in expected[0]]


@pytest.mark.parametrize(("number", "shown"), [(1, "1"), (1.45, "1.45"), (0.4, "0.4"), (4, "4")])
def test_raw_numbers_display_like_google(number, shown):
    assert format_value(number, None, EN_US) == shown


@pytest.mark.parametrize(
    ("typed", "value", "shown"),
    [
        (42, 42, "42"),
        ("42", 42.0, "42"),
        ("0042", 42.0, "42"),
        (42.01, 42.01, "42.01"),
        ("Артур", "Артур", "Артур"),
        ("Iñtërnâtiônàlizætiøn", "Iñtërnâtiônàlizætiøn", "Iñtërnâtiônàlizætiøn"),
        ("TRUE", True, "TRUE"),
        ("false", False, "FALSE"),
    ],
)
def test_user_entered_values_keep_google_types_and_display(typed, value, shown):
    parsed = parse_user_entered(typed, EN_US) if isinstance(typed, str) else Parsed(typed)
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert format_value(parsed.value, parsed.number_format, EN_US) == shown


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("=1+1", Parsed(formula="=1+1")),
        ("=", Parsed("=")),
        (" =1+1", Parsed(" =1+1")),
        ("'=1+1", Parsed("=1+1")),
        ("'0042", Parsed("0042")),
        ("'TRUE", Parsed("TRUE")),
        ("", Parsed()),
        (" 42 ", Parsed(42.0)),
        (" true ", Parsed(True)),
        (" 2020-01-01 ", Parsed(43831.0, number_format={"type": "DATE", "pattern": "yyyy-mm-dd"})),
        ("  text  ", Parsed("  text  ")),
        ("-7", Parsed(-7.0)),
        ("+7.5", Parsed(7.5)),
        (".5", Parsed(0.5)),
        ("1,234", Parsed(1234.0, number_format={"type": "NUMBER", "pattern": "#,##0"})),
        ("1,234.50", Parsed(1234.5, number_format={"type": "NUMBER", "pattern": "#,##0.00"})),
        ("1,23", Parsed("1,23")),
        ("1e3", Parsed(1000.0, number_format={"type": "SCIENTIFIC", "pattern": "0.00E+00"})),
        ("50%", Parsed(0.5, number_format={"type": "PERCENT", "pattern": "0%"})),
        ("1.1%", Parsed(0.011, number_format={"type": "PERCENT", "pattern": "0.0%"})),
        ("$5", Parsed(5.0, number_format={"type": "CURRENCY", "pattern": '"$"#,##0'})),
        (
            "-$1,234.50",
            Parsed(-1234.5, number_format={"type": "CURRENCY", "pattern": '"$"#,##0.00'}),
        ),
        ("₫5", Parsed("₫5")),
        ("12abc", Parsed("12abc")),
        ("1 2", Parsed("1 2")),
    ],
)
def test_user_entered_text_is_read_as_sheets_reads_it_in_en_us(typed, expected):
    assert parse_user_entered(typed, EN_US) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,5", Parsed(1.5)),
        ("-0,25", Parsed(-0.25)),
        ("1.234", Parsed(1234.0, number_format={"type": "NUMBER", "pattern": "#,##0"})),
        ("1.234,5", Parsed(1234.5, number_format={"type": "NUMBER", "pattern": "#,##0.0"})),
        ("1.5", Parsed("1.5")),
        ("10.000 ₫", Parsed(10000.0, number_format={"type": "CURRENCY", "pattern": '#,##0 "₫"'})),
        ("10.000đ", Parsed(10000.0, number_format={"type": "CURRENCY", "pattern": '#,##0 "₫"'})),
        ("12,5%", Parsed(0.125, number_format={"type": "PERCENT", "pattern": "0.0%"})),
        ("$5", Parsed("$5")),
    ],
)
def test_vi_vn_numbers_use_comma_decimals_and_dot_grouping(typed, expected):
    assert parse_user_entered(typed, VI_VN) == expected


@pytest.mark.parametrize(
    ("locale", "typed", "day", "pattern"),
    [
        (VI_VN, "10/11/2026", date(2026, 11, 10), "dd/MM/yyyy"),
        (EN_GB, "10/11/2026", date(2026, 11, 10), "dd/MM/yyyy"),
        (EN_US, "10/11/2026", date(2026, 10, 11), "MM/dd/yyyy"),
        (EN_US, "1/2/2026", date(2026, 1, 2), "M/d/yyyy"),
        (VI_VN, "1/2/2026", date(2026, 2, 1), "d/M/yyyy"),
        (VI_VN, "5-9-2026", date(2026, 9, 5), "d-M-yyyy"),
        (EN_US, "1/2/26", date(2026, 1, 2), "M/d/yy"),
        (EN_US, "1/2/75", date(1975, 1, 2), "M/d/yy"),
        (VI_VN, "2026-11-10", date(2026, 11, 10), "yyyy-mm-dd"),
        (EN_US, "2026/11/10", date(2026, 11, 10), "yyyy/mm/dd"),
        (EN_US, "10/2026", date(2026, 10, 1), "MM/yyyy"),
        (VI_VN, "3/2026", date(2026, 3, 1), "M/yyyy"),
    ],
)
def test_dates_follow_the_locale_order_and_keep_their_shape(locale, typed, day, pattern):
    parsed = parse_user_entered(typed, locale)
    assert parsed == Parsed(to_serial(day), number_format={"type": "DATE", "pattern": pattern})
    assert format_value(parsed.value, parsed.number_format, locale) == typed


@pytest.mark.parametrize(
    ("locale", "typed"),
    [(VI_VN, "31/02/2026"), (EN_US, "02/31/2026"), (EN_US, "13/01/2026"), (EN_US, "2026-02-30"),
     (EN_US, "10/11"), (EN_US, "24:00"), (EN_US, "13:00 PM"), (EN_US, "14:60")],
)  # fmt: skip
def test_impossible_dates_and_times_stay_text(locale, typed):
    assert parse_user_entered(typed, locale) == Parsed(typed)


@pytest.mark.parametrize(
    ("locale", "typed", "moment", "kind", "pattern"),
    [
        (EN_US, "14:05", time(14, 5), "TIME", "hh:mm"),
        (EN_US, "14:05:09", time(14, 5, 9), "TIME", "hh:mm:ss"),
        (EN_US, "2:05 PM", time(14, 5), "TIME", "h:mm am/pm"),
        (EN_US, "12:30 am", time(0, 30), "TIME", "hh:mm am/pm"),
        (EN_US, "9:05:01.250", time(9, 5, 1, 250000), "TIME", "h:mm:ss.000"),
        (VI_VN, "10/11/2026 14:05:09", datetime(2026, 11, 10, 14, 5, 9), "DATE_TIME",
         "dd/MM/yyyy hh:mm:ss"),
        (EN_US, "10/11/2026 14:05:09", datetime(2026, 10, 11, 14, 5, 9), "DATE_TIME",
         "MM/dd/yyyy hh:mm:ss"),
        (EN_US, "2026-11-10 14:05", datetime(2026, 11, 10, 14, 5), "DATE_TIME",
         "yyyy-mm-dd hh:mm"),
    ],
)  # fmt: skip
def test_times_and_date_times_become_serial_numbers(locale, typed, moment, kind, pattern):
    parsed = parse_user_entered(typed, locale)
    assert parsed.value == pytest.approx(to_serial(moment), abs=1e-9)
    assert parsed.number_format == {"type": kind, "pattern": pattern}
    assert format_value(parsed.value, parsed.number_format, locale) == typed.replace("am", "AM")


@pytest.mark.parametrize(
    ("moment", "serial"),
    [
        (date(1899, 12, 30), 0),
        (date(2020, 1, 1), 43831),
        (date(1999, 1, 2), 36162),
        (datetime(1900, 1, 1, 12), 2.5),  # the formats guide's two examples
        (datetime(1900, 2, 1, 15), 33.625),
        (date(1899, 12, 29), -1),
        (time(18), 0.75),
    ],
)
def test_serial_numbers_count_days_from_1899_12_30(moment, serial):
    assert to_serial(moment) == serial


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)))
def test_serial_round_trip_keeps_a_date_time_to_the_millisecond(moment):
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    assert from_serial(to_serial(moment)) == moment


@given(st.floats(min_value=-600_000, max_value=2_900_000, allow_nan=False))
def test_from_serial_lands_within_half_a_millisecond(serial):
    float_error = 4 * math.ulp(serial) * 86_400_000
    assert abs(to_serial(from_serial(serial)) - serial) * 86_400_000 <= 0.5 + float_error


def test_from_serial_returns_naive_date_times():
    assert from_serial(43831.75) == datetime(2020, 1, 1, 18)
    assert from_serial(43831.75).tzinfo is None


@pytest.mark.parametrize(
    ("number", "en_us", "vi_vn"),
    [
        (1 / 3, "0.3333333333", "0,3333333333"),
        (2 / 3, "0.6666666667", "0,6666666667"),
        (3.141592653589793, "3.141592654", "3,141592654"),
        (0.1 + 0.2, "0.3", "0,3"),
        (1.5, "1.5", "1,5"),
        (-1.5, "-1.5", "-1,5"),
        (1234567.5, "1234567.5", "1234567,5"),
        (123456789.123, "123456789.1", "123456789,1"),
        (0.000001, "0.000001", "0,000001"),
        (1e-10, "1E-10", "1E-10"),
        (1e20, "1E+20", "1E+20"),
        (12345678901234567890, "1.23457E+19", "1,23457E+19"),
        (999999999999999, "999999999999999", "999999999999999"),
        (1e15, "1E+15", "1E+15"),
        (0, "0", "0"),
    ],
)
def test_automatic_format_shows_ten_significant_digits_in_the_locale(number, en_us, vi_vn):
    assert format_value(number, None, EN_US) == en_us
    assert format_value(number, None, VI_VN) == vi_vn


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_integers_survive_display_and_typing_back(number):
    for locale in (EN_US, VI_VN):
        shown = format_value(number, None, locale)
        assert parse_user_entered(shown, locale).value == number


@given(st.decimals(min_value=-999999, max_value=999999, places=3, allow_nan=False))
def test_short_decimals_survive_display_and_typing_back(number):
    for locale in (EN_US, VI_VN):
        shown = format_value(float(number), None, locale)
        assert parse_user_entered(shown, locale).value == float(number)


def _number_format(pattern):
    return {"type": "NUMBER", "pattern": pattern}


COLORED = "[Blue]#,##0;[Red]#,##0;[Green]0.0;[Magenta]_(@_)"
HIGH_LOW = '[>1000]"HIGH";[Color43][<=200]"LOW";0000'


@pytest.mark.parametrize(
    ("value", "pattern", "shown"),
    [  # the formats guide's number examples (its HTML collapses the spaces "_(" and "?" render)
        (12345.125, "####.#", "12345.1"),
        (12.34, "000.0000", "012.3400"),
        (12, "#.0#", "12.0"),
        (12000, "#,###", "12,000"),
        (1230000, '0.0,,"M"', "1.2M"),
        (1234500000, "0.00e+00", "1.23e+09"),
        (123114.15115, '###0.000;"TEXT: "_(@_)', "123114.151"),
        ("MyText", '###0.000;"TEXT: "_(@_)', "TEXT:  MyText "),
        (1234, COLORED, "1,234"),
        (-1234, COLORED, "1,234"),
        (0, COLORED, "0.0"),
        ("MyText", COLORED, " MyText "),
        (1005, HIGH_LOW, "HIGH"),
        (32, HIGH_LOW, "LOW"),
        (527, HIGH_LOW, "0527"),
        (3, "00.0", "03.0"),
        (12, "##0", "12"),
        (12.4, "???.???", " 12.4  "),
        (3, "#0.#", "3."),
        (0.25, "#%", "25%"),
        (12200000, "#0.0,,", "12.2"),
        (10, "\\#0", "#10"),
        (0.0000001, "##0.00#E+##", "100.00E-9"),
    ],
)
def test_number_patterns_render_the_formats_guide_examples(value, pattern, shown):
    assert format_value(value, _number_format(pattern), EN_US) == shown


@pytest.mark.parametrize(
    ("value", "pattern", "en_us", "vi_vn"),
    [
        (2.5, "0", "3", "3"),
        (-2.5, "0", "-3", "-3"),
        (1234567.891, "#,##0", "1,234,568", "1.234.568"),
        (-1234.5, "#,##0.00", "-1,234.50", "-1.234,50"),
        (0.5, "#,##0", "1", "1"),
        (0.123, "0.00%", "12.30%", "12,30%"),
        (5, '"$"#,##0.00', "$5.00", "$5,00"),
        (-5, "0;(0)", "(5)", "(5)"),
        (0, '0;-0;"zero"', "zero", "zero"),
        (-0.001, "0.00", "0.00", "0,00"),
        (42, "@", "42", "42"),
        (1.5, "General", "1.5", "1,5"),
        ("abc", "0.00", "abc", "abc"),
        ("abc", "@", "abc", "abc"),
        ("abc", '0;0;0;"<"@">"', "<abc>", "<abc>"),
    ],
)
def test_number_patterns_use_the_locale_separators(value, pattern, en_us, vi_vn):
    assert format_value(value, _number_format(pattern), EN_US) == en_us
    assert format_value(value, _number_format(pattern), VI_VN) == vi_vn


@pytest.mark.parametrize(
    ("pattern", "shown"),
    [  # the formats guide's date-time examples
        ("h:mm:ss.00 a/p", "4:08:53.53 p"),
        ('hh:mm A/P".M."', "04:08 P.M."),
        ("yyyy-mm-dd", "2016-04-05"),
        ("mmmm d \\[dddd\\]", "April 5 [Tuesday]"),
        ("h PM, ddd mmm dd", "4 PM, Tue Apr 05"),
        ("dddd, m/d/yy at h:mm", "Tuesday, 4/5/16 at 16:08"),
        ("dd/MM/yyyy", "05/04/2016"),
        ("HH:mm:ss", "16:08:54"),
        ("hh:mm:ss", "16:08:54"),
        ("mm:ss", "08:54"),
        ("mm/yy", "04/16"),
        ("mmmmm yyy", "A 2016"),
        ("M/d/yyyy H:mm:ss.000", "4/5/2016 16:08:53.528"),
    ],
)
def test_date_patterns_render_the_formats_guide_examples(pattern, shown):
    assert format_value(GUIDE_MOMENT, {"type": "DATE_TIME", "pattern": pattern}, EN_US) == shown


@pytest.mark.parametrize(
    ("pattern", "shown"),
    [("[hh]", "03"), ("[mmmm]", "0193"), ("[ss]", "11621"), ("[h]:mm:ss", "3:13:41")],
)
def test_elapsed_time_patterns_count_whole_units(pattern, shown):
    assert format_value(GUIDE_DURATION, {"type": "TIME", "pattern": pattern}, EN_US) == shown


@pytest.mark.parametrize(
    ("locale", "kind", "shown"),
    [
        (EN_US, "DATE", "4/5/2016"),
        (EN_US, "TIME", "4:08:54 PM"),
        (EN_US, "DATE_TIME", "4/5/2016 16:08:54"),
        (EN_GB, "DATE", "05/04/2016"),
        (VI_VN, "DATE", "05/04/2016"),
        (VI_VN, "TIME", "16:08:54"),
        (VI_VN, "DATE_TIME", "05/04/2016 16:08:54"),
    ],
)
def test_a_format_type_without_pattern_uses_the_locale_default(locale, kind, shown):
    assert format_value(GUIDE_MOMENT, {"type": kind}, locale) == shown


@pytest.mark.parametrize(
    ("locale", "kind", "shown"),
    [(EN_US, "CURRENCY", "$1,000.12"), (EN_US, "NUMBER", "1,000.12"),
     (EN_US, "PERCENT", "100012.00%"), (VI_VN, "NUMBER", "1.000,12"),
     (EN_US, "SCIENTIFIC", "1.00E+03"), (EN_US, "TEXT", "1000.12")],
)  # fmt: skip
def test_number_format_types_without_pattern_use_the_locale_default(locale, kind, shown):
    assert format_value(1000.12, {"type": kind}, locale) == shown


def test_vi_vn_dates_use_vietnamese_month_and_day_names():
    pattern = {"type": "DATE", "pattern": "dddd, d mmmm yyyy"}
    assert format_value(GUIDE_MOMENT, pattern, VI_VN) == "Thứ Ba, 5 tháng 4 2016"


@pytest.mark.parametrize("locale", [EN_US, VI_VN])
@pytest.mark.parametrize("number_format", [None, {"type": "NUMBER", "pattern": "0.00"}])
def test_booleans_display_true_and_false_whatever_the_format(locale, number_format):
    assert format_value(True, number_format, locale) == "TRUE"
    assert format_value(False, number_format, locale) == "FALSE"


@pytest.mark.parametrize(
    ("kind", "shown"),
    [("DIVIDE_BY_ZERO", "#DIV/0!"), ("VALUE", "#VALUE!"), ("REF", "#REF!"), ("NAME", "#NAME?"),
     ("N_A", "#N/A"), ("ERROR", "#ERROR!"), ("NUM", "#NUM!"), ("NULL_VALUE", "#NULL!")],
)  # fmt: skip
def test_error_values_display_their_sheets_text(kind, shown):
    error = ErrorValue(kind, "message")
    assert error.display == shown
    assert format_value(error, {"type": "NUMBER", "pattern": "0.00"}, EN_US) == shown
    assert render(error, None, EN_US, value_render="UNFORMATTED_VALUE") == shown


def test_error_values_are_immutable_and_checked():
    error = ErrorValue("DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero.")
    with pytest.raises(AttributeError):
        error.type = "VALUE"
    with pytest.raises(ValueError, match="unknown error type"):
        ErrorValue("DIV0")


@pytest.mark.parametrize(
    ("value", "number_format", "value_render", "date_time_render", "expected"),
    [
        (2.0, None, "UNFORMATTED_VALUE", "SERIAL_NUMBER", 2),
        (1.5, None, "UNFORMATTED_VALUE", "SERIAL_NUMBER", 1.5),
        (1.5, None, "FORMATTED_VALUE", "SERIAL_NUMBER", "1.5"),
        (True, None, "UNFORMATTED_VALUE", "SERIAL_NUMBER", True),
        ("x", None, "UNFORMATTED_VALUE", "SERIAL_NUMBER", "x"),
        (0.5, {"type": "PERCENT", "pattern": "0%"}, "UNFORMATTED_VALUE", "FORMATTED_STRING", 0.5),
        (0.5, {"type": "PERCENT", "pattern": "0%"}, "FORMATTED_VALUE", "SERIAL_NUMBER", "50%"),
        (43831.5, {"type": "DATE_TIME"}, "UNFORMATTED_VALUE", "SERIAL_NUMBER", 43831.5),
        (43831.5, {"type": "DATE_TIME"}, "UNFORMATTED_VALUE", "FORMATTED_STRING",
         "1/1/2020 12:00:00"),
        ("not a date", {"type": "DATE"}, "UNFORMATTED_VALUE", "FORMATTED_STRING", "not a date"),
    ],
)  # fmt: skip
def test_render_gives_the_json_value_of_each_render_option(
    value, number_format, value_render, date_time_render, expected
):
    result = render(
        value, number_format, EN_US, value_render=value_render, date_time_render=date_time_render
    )
    assert result == expected
    assert type(result) is type(expected)


def test_render_rejects_unknown_options():
    with pytest.raises(ValueError, match="valueRenderOption"):
        render(1, None, EN_US, value_render="PRETTY")
    with pytest.raises(ValueError, match="dateTimeRenderOption"):
        render(1, None, EN_US, value_render="UNFORMATTED_VALUE", date_time_render="ISO")


@pytest.mark.parametrize(
    ("number_format", "date_like"),
    [(None, False), ({}, False), ({"type": "NUMBER"}, False), ({"type": "DATE"}, True),
     ({"type": "TIME", "pattern": "hh:mm"}, True), ({"type": "DATE_TIME"}, True)],
)  # fmt: skip
def test_is_date_like_recognises_date_time_and_date_time_formats(number_format, date_like):
    assert is_date_like(number_format) is date_like


@pytest.mark.parametrize(
    ("value", "extended"),
    [
        (2.0, {"numberValue": 2}),
        (1.5, {"numberValue": 1.5}),
        ("x", {"stringValue": "x"}),
        (True, {"boolValue": True}),
        (None, {}),
        (
            ErrorValue("DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero."),
            {
                "errorValue": {
                    "type": "DIVIDE_BY_ZERO",
                    "message": "Function DIVIDE parameter 2 cannot be zero.",
                }
            },
        ),
    ],
)
def test_effective_values_take_the_extended_value_shape(value, extended):
    assert effective_value_json(value) == extended
    assert from_extended_value(extended) == Parsed(value)


@pytest.mark.parametrize(
    ("extended", "expected"),
    [
        ({"formulaValue": "=1+1"}, Parsed(formula="=1+1")),
        ({"stringValue": "=1+1"}, Parsed("=1+1")),
        ({"stringValue": "'quoted"}, Parsed("'quoted")),
        ({"numberValue": 3}, Parsed(3.0)),
        (None, Parsed()),
    ],
)
def test_extended_values_from_requests_keep_strings_apart_from_formulas(extended, expected):
    assert from_extended_value(extended) == expected


@pytest.mark.parametrize(
    "extended",
    [{"numberValue": 1, "stringValue": "x"}, {"numberValue": True}, {"boolValue": "yes"},
     {"stringValue": 5}, {"colorValue": 1}, {"errorValue": {"type": "ERROR_TYPE_UNSPECIFIED"}}],
)  # fmt: skip
def test_malformed_extended_values_are_refused(extended):
    with pytest.raises(ValueError):
        from_extended_value(extended)


@given(st.one_of(st.booleans(), st.text(), st.floats(allow_nan=False, allow_infinity=False)))
def test_extended_values_round_trip(value):
    assert from_extended_value(effective_value_json(value)).value == value


@pytest.mark.parametrize(
    ("name", "expected"),
    [("vi_VN", "vi_VN"), ("vi-VN", "vi_VN"), ("vi", "vi_VN"), ("en_GB", "en_GB"),
     ("en", "en_US"), ("fr_FR", "en_US"), ("", "en_US"), (None, "en_US")],
)  # fmt: skip
def test_locale_for_falls_back_to_en_us(name, expected):
    assert locale_for(name).name == expected


@pytest.mark.parametrize(
    ("name", "decimal", "grouping", "order", "separator"),
    [("en_US", ".", ",", "MDY", ","), ("en_GB", ".", ",", "DMY", ","),
     ("vi_VN", ",", ".", "DMY", ";")],
)  # fmt: skip
def test_locales_know_their_separators_and_date_order(name, decimal, grouping, order, separator):
    locale = locale_for(name)
    assert (locale.decimal_separator, locale.grouping_separator) == (decimal, grouping)
    assert (locale.date_order, locale.argument_separator) == (order, separator)
