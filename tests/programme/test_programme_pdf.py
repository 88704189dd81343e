"""The printed programme: every title and public name in its own script, no withheld name, a
table of contents and an index that point to the right pages, a valid PDF with its fonts."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

import pypdf
import pytest

from programme import snapshot
from programme.printing import fonts as fontlib
from programme.printing import render
from tests.factories import (
    AuthorshipFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    OrganisationFactory,
    PresentationFactory,
    ProgrammeDayFactory,
    RoomFactory,
    SessionFactory,
    ThemeFactory,
)

from .pdf_text import page_texts, squeeze

pytestmark = pytest.mark.django_db

#: One public author per script, with a title in the same script.
PEOPLE = {
    "Thai": ("สมชาย ใจดี", "มหาวิทยาลัยมหิดล", "ภาษาถิ่นในชุมชนชายแดน"),
    "Lao": ("ສົມພອນ ພົມມະຈັນ", "ມະຫາວິທະຍາໄລແຫ່ງຊາດລາວ", "ພາສາລາວໃນໂຮງຮຽນ"),
    "Khmer": ("សុខ ចាន់ធី", "សាកលវិទ្យាល័យភូមិន្ទភ្នំពេញ", "ភាសាខ្មែរក្នុងសហគមន៍"),
    "Burmese": ("အောင်ကျော်မင်း", "ရန်ကုန်တက္ကသိုလ်", "မြန်မာဘာသာစကားနှင့်ယဉ်ကျေးမှု"),
    "Chinese": ("王小明", "北京大学", "湄公河流域的语言接触"),
    "Vietnamese": ("Nguyễn Thị Hương", "Đại học Quốc gia Hà Nội", "Ngôn ngữ và văn hóa Việt"),
}
HIDDEN = "Zebulon Hiddenname"


def _needs_fonts():
    missing = fontlib.load().missing
    if missing:
        pytest.skip(
            f"fonts missing for {', '.join(missing)}: install "
            f"{' '.join(fontlib.DEBIAN_PACKAGES)} (make setup does)"
        )


@pytest.fixture
def conference():
    """Two days, two rooms, a keynote, a break without a room, paper sessions whose papers
    have authors in six scripts, one who asked not to be named, and long abstracts so that
    the book runs over several pages."""
    conference = ConferenceFactory(
        slug="mekong",
        title="Mekong Languages 2026",
        call_text="# Welcome\n\nWe invite **papers** on the languages of the region.\n\n"
        "- Documentation\n- Education",
        venue="Salaya campus",
        city="Nakhon Pathom",
        start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2026, 9, 2),
    )
    OrganisationFactory(conference=conference, name="Mahidol University", role="host")
    theme = ThemeFactory(conference=conference, title="Language contact")
    kind = ContributionTypeFactory(conference=conference, name="Research paper")
    day1 = ProgrammeDayFactory(conference=conference, date=dt.date(2026, 9, 1))
    day2 = ProgrammeDayFactory(conference=conference, date=dt.date(2026, 9, 2))
    hall, side = (
        RoomFactory(conference=conference, name="Hall"),
        RoomFactory(conference=conference, name="Side room"),
    )
    SessionFactory(
        conference=conference,
        kind="plenary",
        title="Opening keynote",
        room=hall,
        day=day1,
        starts=dt.time(8, 30),
        ends=dt.time(9, 0),
    )
    SessionFactory(
        conference=conference,
        kind="break",
        title="Coffee",
        room=None,
        day=day1,
        starts=dt.time(10, 30),
        ends=dt.time(11, 0),
    )
    sessions = [
        SessionFactory(conference=conference, title="Scripts I", room=hall, day=day1),
        SessionFactory(conference=conference, title="Scripts II", room=side, day=day1),
        SessionFactory(
            conference=conference,
            title="Scripts III",
            room=hall,
            day=day2,
            chair_name="Chair Person",
            theme=theme,
        ),
    ]
    abstract = " ".join(["Words about language and place in the region."] * 60)
    for i, (script, (name, affiliation, title)) in enumerate(PEOPLE.items()):
        presentation = PresentationFactory(
            session=sessions[i % 3],
            submission__title=f"{title} ({script})",
            submission__abstract=abstract,
            submission__contribution_type=kind,
            submission__keywords=["contact", script.lower()],
        )
        presentation.submission.themes.add(theme)
        AuthorshipFactory(
            submission=presentation.submission,
            full_name=name,
            affiliation=affiliation,
            is_presenter=True,
            order=0,
        )
        if i == 2:
            AuthorshipFactory(
                submission=presentation.submission,
                full_name=HIDDEN,
                affiliation="Secret Shelter",
                public_name=False,
                order=1,
            )
    return conference


def _book(conference, **kwargs):
    out = io.BytesIO()
    rendered = render(snapshot.build(conference), out, **kwargs)
    return out.getvalue(), rendered


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_title_and_public_name_prints_in_its_own_script_and_no_withheld_name(conference):
    _needs_fonts()
    data, _rendered = _book(conference)
    text = _flat("".join(page_texts(data)))
    for script, (name, affiliation, title) in PEOPLE.items():
        assert _flat(name) in text, script
        assert _flat(affiliation) in text, script
        assert _flat(f"{title} ({script})") in text, script
    assert _flat("Name withheld at the author's request") in text
    assert "Hiddenname" not in text and "SecretShelter" not in text


def test_the_contents_point_to_the_pages_where_the_headings_are(conference):
    _needs_fonts()
    data, rendered = _book(conference)
    pages = [squeeze(t) for t in page_texts(data)]
    contents = pages[1]
    assert contents.startswith("Contents")
    checked = 0
    for title in (
        "About the conference",
        "Programme at a glance",
        "Detailed programme",
        "Book of abstracts",
        "Index of authors",
    ):
        match = re.search(re.escape(title) + r" ?(\d+)", contents)
        assert match, title
        number = int(match.group(1))
        assert title in pages[number - 1], (title, number)
        # ... and it is the first page that has it after the contents.
        assert not any(title in page for page in pages[2 : number - 1]), title
        checked += 1
    assert checked == 5
    # A session: on the page named, in the detailed programme (after the grid).
    number = int(re.search(r"09:00–10:30 Scripts III ?(\d+)", contents).group(1))
    assert number > rendered.headings["detailed"]
    assert "Scripts III" in pages[number - 1] and "Chair: Chair Person" in pages[number - 1]
    assert rendered.pages == len(pages)


def test_the_index_lists_public_authors_with_the_pages_that_name_them(conference):
    _needs_fonts()
    data, rendered = _book(conference)
    pages = page_texts(data)
    start = rendered.headings["index"]
    index = squeeze(" ".join(pages[start - 1 :]))
    assert "Hiddenname" not in index and "withheld" not in index
    for script, (name, _affiliation, _title) in PEOPLE.items():
        match = re.search(re.escape(name) + r" ((?:\d+, )*\d+)", index)
        assert match, script
        numbers = [int(n) for n in match.group(1).split(", ")]
        assert len(numbers) >= 2, script  # the detailed programme and the abstract
        for number in numbers:
            assert _flat(name) in _flat(pages[number - 1]), (script, number)
    # Every page that names the author is listed.
    name = PEOPLE["Thai"][0]
    naming = [i + 1 for i, page in enumerate(pages[: start - 1]) if _flat(name) in _flat(page)]
    assert rendered.index[name] == naming


def test_the_pdf_is_valid_with_fonts_embedded_metadata_and_bookmarks(conference):
    _needs_fonts()
    data, rendered = _book(conference)
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == rendered.pages > 8
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4
    meta = reader.metadata
    assert meta.title == "Mekong Languages 2026"
    assert meta.author == "Mahidol University"
    assert meta.subject == "Programme and book of abstracts"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        "About the conference",
        "Programme at a glance",
        "Detailed programme",
        "Book of abstracts",
        "Index of authors",
    ]
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    embedded = set()
    for name, font in fonts.items():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name  # TrueType outlines, embedded (subset)
        embedded.add(str(name).split("+")[-1].split("-")[0])
    families = {str(n) for n in fonts}
    for family in ("NotoSansThai", "NotoSansLao", "NotoSansKhmer", "NotoSansMyanmar"):
        assert any(family in n for n in families), family


def test_us_letter(conference):
    data, rendered = _book(conference, paper="letter")
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[3].mediabox
    assert (float(box.width), float(box.height)) == (612, 792)
    assert rendered.pages == len(reader.pages)


def test_a_missing_font_falls_back_with_a_warning(conference, monkeypatch, caplog):
    _needs_fonts()
    monkeypatch.setitem(fontlib.DEFAULT_FONTS, "khmer", ("/nowhere/NotoSansKhmer.ttf",))
    monkeypatch.setitem(fontlib.DEFAULT_FONTS, "khmer-bold", ("/nowhere/Bold.ttf",))
    with caplog.at_level(logging.WARNING, logger="programme.printing.fonts"):
        data, rendered = _book(conference)
    assert rendered.missing_fonts == ["khmer"]
    assert "no font for khmer" in caplog.text
    assert pypdf.PdfReader(io.BytesIO(data)).pages


def test_a_word_mixing_scripts_is_shaped_run_by_run():
    _needs_fonts()
    fonts = fontlib.load()
    markup = fonts.markup("COVID-19ในไทย")
    assert markup == f'COVID-19<font name="{fonts.name("thai")}">ในไทย</font>'
    data = {
        "conference": {"title": "T", "organisations": []},
        "days": [],
        "rooms": [],
        "themes": [],
        "sessions": [],
    }
    data["conference"]["about"] = "COVID-19ในไทย and ສະບາຍດີ(ລາວ)"
    out = io.BytesIO()
    render(data, out)
    text = _flat("".join(page_texts(out.getvalue())))
    assert "COVID-19ในไทย" in text and "ສະບາຍດີ(ລາວ)" in text


def test_the_call_text_reads_as_paragraphs_headings_and_lists(conference):
    data, _rendered = _book(conference)
    about = squeeze(page_texts(data)[2])
    assert "Welcome" in about
    assert "We invite papers on the languages" in about  # no Markdown markers
    assert "• Documentation" in about and "**" not in about
