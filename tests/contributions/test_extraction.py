"""An uploaded source document's text: PDF, Word and plain-text files read into paragraphs
that the splitter keeps apart and against which a quote copied from the document is
verified; every file that cannot or must not be read is refused with a code, a message
and a status, quickly, without the server parsing it itself."""

import codecs
import io
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from coherence.quotes import locate
from coherence.splitting import split_passages
from contributions.extraction import DOCX, PDF, TEXT, ExtractionError, child, extract, media_type_of
from tests.contributions.documents import (
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    zip_bomb_docx_bytes,
)

MEXICO = (
    "Mexico has implemented several programs to promote the development effects of "
    "remittances, one of which is called “Three per One” (3x1). The program adds up the "
    "financial contributions of Home Town Associations. For each peso provided by the "
    "migrants, the Federal Government adds one, the State Government another peso and the "
    "Local Government another one."
)
PLAN = (
    "Approximately half (26 out of 53) of the States indicated they have a national plan "
    "that takes migration into account."
)

# A paragraph whose lines all run to the column's edge, its last line ending a sentence:
# only the page's layout tells that a paragraph ends there.
FULL_LINES = [
    "Mexico has implemented several programs to promote the development effects of",
    "remittances; the Federal Government adds one peso to each peso of the migrants.",
]


def refusal(data: bytes, filename: str) -> ExtractionError:
    with pytest.raises(ExtractionError) as raised:
        extract(data, filename)
    return raised.value


def quoted(text: str, quote: str) -> str | None:
    """The passage of `text` where `quote` is found, as the quote verifier finds it."""
    passages = split_passages(text)
    found = locate(passages, quote)
    return None if found is None else passages[found].text


# What is read -----------------------------------------------------------------------------


def test_pdf_paragraphs_become_passages_and_a_quote_copied_from_it_verifies():
    data = pdf_bytes(
        [
            ["2.1 Inclusion of migration issues", MEXICO, "• a list item of the paper;"],
            [
                PLAN,
                "It also requires political will to address migration in development-\n"
                "relevant policy areas.",
            ],
        ]
    )
    extracted = extract(data, "Background paper.PDF")

    assert extracted.media_type == PDF
    assert extracted.pages == 2
    assert extracted.text.split("\n\n") == [
        "2.1 Inclusion of migration issues",
        MEXICO,
        "• a list item of the paper;",
        PLAN,
        "It also requires political will to address migration in development-relevant "
        "policy areas.",
    ]
    # As a PDF viewer copies it: the line breaks of the page, a hyphen at a line's end.
    copied = (
        "The program adds up the financial\ncontributions of Home Town Associations. For each "
        "peso provided by the\nmigrants"
    )
    assert quoted(extracted.text, copied) == MEXICO
    assert quoted(extracted.text, "migration in development-\nrelevant policy") is not None
    assert quoted(extracted.text, "The program adds up the local contributions") is None


def test_pdf_sentence_ending_at_a_full_line_does_not_split_its_paragraph():
    sentence = "A first sentence that is long enough to fill the whole line of the page."
    paragraph = sentence + " Then a second sentence follows on the next line of the paper."
    data = pdf_bytes([[paragraph, PLAN, MEXICO]], width=len(sentence))

    assert extract(data, "paper.pdf").text.split("\n\n")[0] == paragraph


def test_pdf_paragraph_spacing_ends_a_paragraph_whose_last_line_is_full():
    data = pdf_bytes([["\n".join(FULL_LINES), MEXICO, PLAN]])

    assert extract(data, "paper.pdf").text.split("\n\n") == [" ".join(FULL_LINES), MEXICO, PLAN]


def test_pdf_indented_first_line_starts_a_paragraph_without_spacing():
    indented = pdf_bytes([["\n".join(FULL_LINES), MEXICO, PLAN]], spacing=False, indent=20)
    flush = pdf_bytes([["\n".join(FULL_LINES), MEXICO, PLAN]], spacing=False)

    assert extract(indented, "paper.pdf").text.split("\n\n") == [
        " ".join(FULL_LINES),
        MEXICO,
        PLAN,
    ]
    # Nothing tells the two paragraphs apart without the indent: they read as one.
    assert extract(flush, "paper.pdf").text.startswith(" ".join(FULL_LINES) + " Mexico")


def test_pdf_paragraph_cut_by_a_page_break_and_its_page_number_is_joined():
    lines = textwrap.wrap(MEXICO, 80)
    # The page number closes the first page, as a footer does.
    data = pdf_bytes([[PLAN, "\n".join(lines[:2]), "7"], ["\n".join(lines[2:])]])

    assert extract(data, "paper.pdf").text.split("\n\n") == [PLAN, MEXICO]


def test_pdf_page_starting_a_sentence_after_one_ended_starts_a_paragraph():
    data = pdf_bytes([["\n".join(FULL_LINES)], ["2 Political commitment", PLAN]])

    assert extract(data, "paper.pdf").text.split("\n\n") == [
        " ".join(FULL_LINES),
        "2 Political commitment",
        PLAN,
    ]


def test_docx_headings_paragraphs_and_table_cells_are_read_in_order():
    data = docx_bytes(
        [MEXICO, PLAN], heading="Inclusion of migration issues", table=[["Country", "Plan."]]
    )
    extracted = extract(data, "contribution.docx")

    assert extracted.media_type == DOCX
    assert extracted.pages is None
    assert extracted.text.split("\n\n") == [
        "Inclusion of migration issues",
        MEXICO,
        PLAN,
        "Country",
        "Plan.",
    ]
    passages = split_passages(extracted.text)
    assert [p.kind for p in passages[:3]] == ["heading", "paragraph", "paragraph"]
    assert quoted(extracted.text, "For each peso provided by the migrants") == MEXICO


@pytest.mark.parametrize(
    "encoded",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its byte-order mark
    ],
    ids=["utf-8", "utf-8-bom", "utf-16"],
)
def test_text_file_in_utf8_or_utf16_is_read(encoded):
    text = f"Inclusion of migration issues\r\n\r\n{MEXICO}\r\n\r\n\r\n{PLAN}\r\n"
    extracted = extract(encoded(text), "notes.txt")

    assert extracted.media_type == TEXT
    assert extracted.text.split("\n\n") == ["Inclusion of migration issues", MEXICO, PLAN]
    assert quoted(extracted.text, "“Three per One” (3x1)") == MEXICO


def test_text_file_wrapped_at_a_column_is_joined_into_paragraphs():
    lines = [
        "Mexico has implemented several programs to promote the development",
        "effects of remittances. One of which is called Three per One, and the",
        "program adds up the financial contributions of Home Town Associations.",
        "Each peso provided by the migrants is matched by the Federal State and",
        "the local governments. It is a model.",
        "Other countries followed, among them:",
        "- a first item",
        "- a second item",
    ]
    paragraphs = extract("\n".join(lines).encode(), "notes.txt").text.split("\n\n")

    assert paragraphs == [
        " ".join(lines[:5]),
        "Other countries followed, among them:",
        "- a first item",
        "- a second item",
    ]


def test_media_type_is_read_from_the_content():
    assert media_type_of(pdf_bytes([["Text."]]), "a.pdf") == PDF
    assert media_type_of(docx_bytes(["Text."]), "a.docx") == DOCX
    assert media_type_of("Texte accentué.".encode(), "a.txt") == TEXT


# What is refused --------------------------------------------------------------------------


def test_empty_file_is_refused():
    error = refusal(b"", "paper.pdf")
    assert (error.code, error.status) == ("empty", 400)


def test_encrypted_pdf_is_refused_even_without_a_password():
    error = refusal(encrypted_pdf_bytes([[MEXICO]]), "paper.pdf")
    assert (error.code, error.status) == ("encrypted", 400)
    assert "encrypted" in error.message


@pytest.mark.parametrize(
    "data",
    [pdf_bytes([[MEXICO]])[:200], os.urandom(4096).replace(b"%PDF-", b"")],
    ids=["truncated", "random"],
)
def test_damaged_pdf_is_refused_as_malformed(data):
    assert refusal(data, "paper.pdf").code == "malformed"


def test_text_in_a_legacy_encoding_is_refused_asking_for_utf8():
    error = refusal("Coh\xe9rence des politiques.".encode("cp1252"), "notes.txt")
    assert error.code == "malformed"
    assert "UTF-8" in error.message


def test_pdf_named_docx_is_refused_naming_both_types():
    error = refusal(pdf_bytes([[MEXICO]]), "paper.docx")
    assert error.code == "unsupported_type"
    assert "Word (DOCX)" in error.message and "PDF" in error.message


def test_executable_named_txt_is_refused():
    error = refusal(Path(sys.executable).read_bytes()[: 64 * 1024], "notes.txt")
    assert error.code == "unsupported_type"
    assert "executable" in error.message


def test_unsupported_extension_is_refused():
    assert refusal(b"Plain text.", "paper.odt").code == "unsupported_type"


def test_file_over_the_size_limit_is_refused_with_413(settings):
    settings.CONTRIBUTION_UPLOAD_MAX_BYTES = 1000
    error = refusal(b"x" * 1001, "notes.txt")
    assert (error.code, error.status) == ("too_large", 413)
    assert extract(b"x" * 1000, "notes.txt").text == "x" * 1000


def test_pdf_over_the_page_limit_is_refused(settings):
    settings.CONTRIBUTION_UPLOAD_MAX_PAGES = 2
    error = refusal(pdf_bytes([["One."], ["Two."], ["Three."]]), "paper.pdf")
    assert error.code == "too_many_pages"
    assert "3" in error.message


def test_zip_bomb_is_refused_before_it_is_opened(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the bomb reached the parser")

    monkeypatch.setattr(child, "parse_in_child", never)
    assert refusal(zip_bomb_docx_bytes(), "contribution.docx").code == "malformed"


def test_docx_inflating_past_twenty_times_the_upload_limit_is_refused(settings):
    data = docx_bytes([MEXICO])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = sum(member.file_size for member in archive.infolist())

    settings.CONTRIBUTION_UPLOAD_MAX_BYTES = -(-inflated // 20)  # rounded up
    assert extract(data, "contribution.docx").text == MEXICO
    settings.CONTRIBUTION_UPLOAD_MAX_BYTES = -(-inflated // 20) - 1
    assert len(data) < settings.CONTRIBUTION_UPLOAD_MAX_BYTES  # not refused for its size
    assert refusal(data, "contribution.docx").code == "malformed"


def test_parsing_past_the_time_limit_is_killed(settings, monkeypatch):
    settings.CONTRIBUTION_EXTRACTION_SECONDS = 0.5
    monkeypatch.setattr(
        child,
        "_child_command",
        lambda kind: [sys.executable, "-c", "import time; time.sleep(60)"],
    )
    error = refusal(pdf_bytes([[MEXICO]]), "paper.pdf")
    assert (error.code, error.status) == ("timeout", 400)


def test_pdf_without_text_is_refused_suggesting_a_text_pdf_or_docx():
    error = refusal(pdf_bytes([]), "scan.pdf")
    assert error.code == "no_text"
    assert "DOCX" in error.message


def test_child_process_cannot_write_to_disk_or_exceed_its_memory(tmp_path):
    target = tmp_path / "out"
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(child._CHILD.parent)!r})
        import _extract_child
        _extract_child._limit(256 * 1024 * 1024, 5)
        fd = os.open({str(target)!r}, os.O_WRONLY | os.O_CREAT)
        try:
            os.write(fd, b"x")
        except OSError:
            print("no-disk")
        try:
            bytearray(512 * 1024 * 1024)
        except MemoryError:
            print("no-memory")
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)

    assert out.stdout.split() == ["no-disk", "no-memory"]
    assert target.stat().st_size == 0


def test_child_process_crashing_is_a_malformed_file_not_a_server_error(monkeypatch):
    monkeypatch.setattr(
        child, "_child_command", lambda kind: [sys.executable, "-c", "raise SystemExit(3)"]
    )
    assert refusal(docx_bytes([MEXICO]), "contribution.docx").code == "malformed"


def test_word_file_without_text_is_refused():
    assert refusal(docx_bytes(["", "  "]), "blank.docx").code == "no_text"
