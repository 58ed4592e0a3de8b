"""The emulator's formula evaluator: operators, references, functions and Sheets' errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets.emulator.cellvalues import ErrorValue, locale_for
from sheets.emulator.formulas import evaluate

EN_US = locale_for("en_US")
VI_VN = locale_for("vi_VN")

# A sheet in 0-based (row, column) coordinates; other sheets are keyed by title.
CELLS = {
    (None, 0, 0): 1.0,  # A1
    (None, 1, 0): 2.0,  # A2
    (None, 2, 0): 3.0,  # A3
    (None, 0, 1): "abc",  # B1
    (None, 1, 1): "3",  # B2
    (None, 2, 1): True,  # B3
    (None, 0, 3): ErrorValue("DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero."),
    (None, 1500, 0): 4.0,  # A1501
    ("Sheet2", 0, 0): 7.0,
    ("Form Responses 1", 1, 2): 10.0,  # C2
    ("It's", 0, 0): 5.0,
}


def resolve(sheet, row, col):
    return CELLS.get((sheet, row, col))


def run(formula, locale=EN_US, **options):
    return evaluate(formula, resolve, locale=locale, **options)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=1+1", 2.0),
        ("=4/2", 2.0),
        ("=3/2", 1.5),
        ("=2+3*4", 14.0),
        ("=(2+3)*4", 20.0),
        ("=10-4-3", 3.0),
        ("=8/4/2", 1.0),
        ("=2^3^2", 512.0),
        ("=2*3^2", 18.0),
        ("=-2^2", 4.0),
        ("=-(2^2)", -4.0),
        ("=+5", 5.0),
        ("=--5", 5.0),
        ("=50%", 0.5),
        ("=200%*3", 6.0),
        ("=1+2%", 1.02),
        ("=1e3+.5", 1000.5),
        ("= 1 + 2 ", 3.0),
        ('="a"&"b"', "ab"),
        ('="x"&1+1', "x2"),
        ('="a""b"', 'a"b'),
        ("=1=1", True),
        ("=1<>1", False),
        ("=2>=3", False),
        ('="a"="A"', True),
        ('="b">"a"', True),
        ('=1<"a"', True),
        ('="z"<TRUE', True),
        ('="3"=3', False),
        ("=1+1=2", True),
        ("=1&2=12", False),
        ("=TRUE", True),
        ("=false", False),
    ],
)
def test_operators_follow_sheets_precedence_and_types(formula, expected):
    result = run(formula)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=A1", 1.0),
        ("=a1+$A$2+A$3+$A3", 9.0),
        ("=SUM(A1:A3)", 6.0),
        ("=SUM(A3:A1)", 6.0),
        ("=Sheet2!A1*2", 14.0),
        ("='Form Responses 1'!C2+1", 11.0),
        ("='It''s'!A1", 5.0),
        ("=SUM(A:A)", 6.0),
        ("=B2+1", 4.0),
        ("=B3+1", 2.0),
        ("=C1+1", 1.0),
        ('=C1&"x"', "x"),
        ("=C1", None),
    ],
)
def test_references_read_cells_through_the_resolver(formula, expected):
    assert run(formula) == expected


def test_resolver_is_called_with_sheet_titles_and_zero_based_coordinates():
    calls = []

    def recording(sheet, row, col):
        calls.append((sheet, row, col))
        return 1.0

    evaluate("=B3+'My Sheet'!AA10+SUM(Data!A1:B2)", recording, locale=EN_US)
    assert calls == [
        (None, 2, 1),
        ("My Sheet", 9, 26),
        ("Data", 0, 0),
        ("Data", 0, 1),
        ("Data", 1, 0),
        ("Data", 1, 1),
    ]


def test_whole_column_ranges_cover_the_rows_the_caller_gives():
    assert run("=SUM(A:A)") == 6.0
    assert run("=SUM(A:A)", rows=2000) == 10.0


def test_a_range_where_one_value_is_needed_is_a_value_error():
    result = run("=A1:A3+1")
    assert result == ErrorValue("VALUE", "An array value could not be found.")


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=SUM(1,2,3)", 6.0),
        ("=SUM(A1:B3)", 6.0),
        ('=SUM("3",TRUE,A1)', 5.0),
        ("=SUM(B1)", 0.0),
        ("=SUM(0.1,0.2)", 0.30000000000000004),
        ("=AVERAGE(A1:A3)", 2.0),
        ("=AVERAGE(A1:A3,9)", 3.75),
        ("=MIN(A1:A3,-1)", -1.0),
        ("=MAX(A1:B3)", 3.0),
        ("=MAX(C1:C3)", 0.0),
        ("=COUNT(A1:B3)", 3.0),
        ("=COUNTA(A1:C3)", 6.0),
        ("=ROUND(2.5)", 3.0),
        ("=ROUND(-2.5)", -3.0),
        ("=ROUND(1.005,2)", 1.01),
        ("=ROUND(1234.5,-2)", 1200.0),
        ("=ABS(-3)", 3.0),
        ('=IF(A1>0,"pos","neg")', "pos"),
        ("=IF(A1>5,1)", False),
        ("=IF(FALSE,1/0,2)", 2.0),
        ('=IF("true",1,2)', 1.0),
        ("=AND(TRUE,1,A1:A3)", True),
        ("=AND(TRUE,0)", False),
        ("=OR(FALSE,0,A1)", True),
        ("=NOT(0)", True),
        ('=CONCATENATE("a",1.5,TRUE,A1:A2)', "a1.5TRUE12"),
        ('=LEN("hello")', 5.0),
        ('=LEN("Artur ư")', 7.0),
        ('=UPPER("tiếng việt")', "TIẾNG VIỆT"),
        ('=LOWER("ABC")', "abc"),
        ('=TRIM("  a   b  ")', "a b"),
        ("=sum(1;2)", 3.0),
    ],
)
def test_functions_compute_as_sheets_does(formula, expected):
    result = run(formula)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("formula", "error_type", "message"),
    [
        ("=1/0", "DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero."),
        ("=A1/(A1-1)", "DIVIDE_BY_ZERO", "Function DIVIDE parameter 2 cannot be zero."),
        ("=FOO(1)", "NAME", "Unknown function: 'FOO'."),
        ("=foo()", "NAME", "Unknown function: 'FOO'."),
        ("=total+1", "NAME", "Unknown range name: 'total'."),
        (
            '="abc"+1',
            "VALUE",
            "Function ADD parameter 1 expects number values. But 'abc' is a text and cannot be "
            "coerced to a number.",
        ),
        (
            "=2*B1",
            "VALUE",
            "Function MULTIPLY parameter 2 expects number values. But 'abc' is a text and cannot "
            "be coerced to a number.",
        ),
        (
            "=ROUND(1,2,3)",
            "N_A",
            "Wrong number of arguments to ROUND. Expected between 1 and 2 arguments, but got 3 "
            "arguments.",
        ),
        (
            "=AVERAGE(B1)",
            "DIVIDE_BY_ZERO",
            "Evaluation of function AVERAGE caused a divide by zero error.",
        ),
        ("=10^400", "NUM", "Function POW caused a number error."),
        ("=AND(C1:C3)", "VALUE", "AND has no valid input data."),
    ],
)
def test_errors_carry_sheets_types_and_messages(formula, error_type, message):
    result = run(formula)
    assert result == ErrorValue(error_type, message)


@pytest.mark.parametrize(
    "formula",
    ["=", "=1+", "=(1", "=1)", "=SUM(1,", "=1 2", "=#", '="unclosed', "=A1:", "=Sheet 2!A1",
     '=__import__("os").system("true")', "=1..2", "=A0", "=SUM(A0:A2)",
     "=(" * 5000 + "1" + ")" * 5000],
)  # fmt: skip
def test_formulas_that_do_not_parse_are_parse_errors(formula):
    assert run(formula) == ErrorValue("ERROR", "Formula parse error.")


@pytest.mark.parametrize(
    "formula",
    ["=D1+1", "=SUM(A1:D1)", "=IF(D1,1,2)", '=D1&"x"', "=-D1", "=ROUND(D1)", "=1/0+FOO()",
     "=CONCATENATE(A1,D1)", "=D1=1", "=AND(D1)"],
)  # fmt: skip
def test_errors_propagate_through_operators_and_functions(formula):
    assert run(formula).type == "DIVIDE_BY_ZERO"


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=ROUND(1,5;0)", 2.0),
        ("=SUM(1;2;3)", 6.0),
        ("=SUM(1,2)", 1.2),
        ('="x"&1,5', "x1,5"),
        ('="1,5"*2', 3.0),
        ('=IF(A1>0;"có";"không")', "có"),
        ("=IF(A1>0,1,2)", ErrorValue("ERROR", "Formula parse error.")),
    ],
)
def test_vi_vn_formulas_use_comma_decimals_and_semicolon_separators(formula, expected):
    assert run(formula, VI_VN) == expected


def test_en_us_text_coercion_reads_dates_and_grouped_numbers():
    assert run('="1,000"+1') == 1001.0
    assert run('="2020-01-01"+0') == 43831.0
    assert run('=""+1') == 1.0


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6), st.integers(1, 10**3))
def test_integer_arithmetic_matches_python(a, b, c):
    assert run(f"={a}+{b}*{c}-({a}-{b})") == a + b * c - (a - b)
    assert run(f"={a}/{c}") == pytest.approx(a / c)


@given(st.text(alphabet=st.characters(blacklist_characters='"'), max_size=20))
def test_string_literals_come_back_unchanged(text):
    assert run(f'="{text}"') == text
    assert run(f'=LEN("{text}")') == len(text)
