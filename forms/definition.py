"""The report form's questions as data: the one source for the Google Form, the demo form
page and the parser of response rows (a question's title is its response column header).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column A of a responses tab, as Google Forms names it in Vietnamese and English.
TIMESTAMP_TITLES = ("Dấu thời gian", "Timestamp")
# The usual names of the responses tab; the tab is found by its header, not by these.
RESPONSE_TAB_NAMES = ("Câu trả lời biểu mẫu 1", "Form Responses 1")

FORM_TITLE = "Báo cáo i-Speed hằng tháng"
CONFIRMATION_MESSAGE = "Đã gửi báo cáo. Cảm ơn đơn vị!"

DROPDOWN = "dropdown"
SHORT_TEXT = "short_text"
PARAGRAPH = "paragraph"
CHECKBOXES = "checkboxes"
WHOLE_NUMBER = "whole_number"

MONTH_PATTERN = r"^(0?[1-9]|1[0-2])/\d{4}$"

MEANS = (
    "Trang thông tin điện tử",
    "Đài truyền thanh, loa",
    "Zalo",
    "Facebook",
    "Băng rôn, pano, áp phích",
    "Hội nghị, họp",
    "Khác",
)


@dataclass(frozen=True)
class Question:
    """One question of the form.

    ``key`` names the answer in code; ``title`` is shown to the person filling the form and
    heads its response column; ``other_titles`` are headers also accepted when reading
    (older or English wordings). ``options`` are the fixed choices of a drop-down or check
    boxes; for the unit drop-down they come from the ``Đơn vị`` tab instead.
    """

    key: str
    title: str
    kind: str
    required: bool
    help: str = ""
    options: tuple[str, ...] = ()
    other_titles: tuple[str, ...] = ()
    pattern: str | None = None  # a regular expression the answer must match (short text)
    pattern_message: str = ""  # what the form says when the pattern does not match
    minimum: int | None = None  # for whole numbers
    units_list: bool = field(default=False)  # options are the monitored units


QUESTIONS: tuple[Question, ...] = (
    Question(
        "unit",
        "Đơn vị báo cáo",
        DROPDOWN,
        True,
        help="Chọn đúng tên đơn vị của mình.",
        units_list=True,
        other_titles=("Đơn vị", "Tên đơn vị", "Unit"),
    ),
    Question(
        "month",
        "Tháng báo cáo",
        SHORT_TEXT,
        True,
        help="Tháng của số liệu, dạng MM/YYYY, ví dụ 10/2026.",
        pattern=MONTH_PATTERN,
        pattern_message="Nhập tháng theo dạng MM/YYYY, ví dụ 10/2026.",
        other_titles=("Tháng", "Month"),
    ),
    Question(
        "news",
        "Số tin, ảnh",
        WHOLE_NUMBER,
        True,
        minimum=0,
        help="Số tin, ảnh đã đăng trong tháng (số nguyên, không âm).",
        other_titles=("Tin, ảnh", "Số tin ảnh"),
    ),
    Question(
        "articles",
        "Số bài",
        WHOLE_NUMBER,
        True,
        minimum=0,
        help="Số bài viết đã đăng trong tháng.",
        other_titles=("Bài",),
    ),
    Question(
        "programmes",
        "Số chương trình/phóng sự",
        WHOLE_NUMBER,
        True,
        minimum=0,
        help="Số chương trình, phóng sự đã phát trong tháng.",
        other_titles=("Chương trình/Ps", "Số chương trình, phóng sự"),
    ),
    Question(
        "sessions",
        "Số buổi tuyên truyền",
        WHOLE_NUMBER,
        True,
        minimum=0,
        help="Số buổi tuyên truyền trực tiếp đã tổ chức trong tháng.",
        other_titles=("Buổi TT", "Số buổi TT"),
    ),
    Question(
        "means",
        "Phương tiện thực hiện",
        CHECKBOXES,
        False,
        options=MEANS,
        help="Chọn các phương tiện đã dùng.",
    ),
    Question(
        "other_forms",
        "Các hình thức tuyên truyền khác",
        PARAGRAPH,
        False,
        other_titles=("Hình thức tuyên truyền khác",),
    ),
    Question("notes", "Ghi chú", PARAGRAPH, False),
    Question(
        "reporter",
        "Người báo cáo",
        SHORT_TEXT,
        True,
        help="Họ và tên người báo cáo.",
    ),
    Question(
        "phone",
        "Số điện thoại",
        SHORT_TEXT,
        False,
        pattern=r"^[0-9 +.()-]{8,15}$",
        pattern_message="Nhập số điện thoại (8 đến 15 chữ số).",
    ),
)

COUNT_KEYS = ("news", "articles", "programmes", "sessions")
BY_KEY = {q.key: q for q in QUESTIONS}


def form_description(deadline_day: int) -> str:
    """Return the form's description: what to report and by when."""
    return (
        "Các đơn vị báo cáo số liệu tuyên truyền về ứng dụng i-Speed của tháng trước, "
        f"hạn trước ngày {deadline_day} hằng tháng. Câu có dấu * là bắt buộc."
    )
