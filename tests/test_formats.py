from pathlib import Path

import pytest
from pdf_factory import write_norwegian_pdf

from assistant.errors import ExtractionError
from assistant.ingest.formats import SUPPORTED_SUFFIXES, check_size, extract_file, format_for

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parent / "data"


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == {
        ".pdf": "pdf",
        ".html": "html",
        ".htm": "html",
        ".txt": "text",
        ".md": "markdown",
        ".markdown": "markdown",
    }


def test_format_follows_the_suffix_case_insensitively():
    assert format_for(Path("a/Vedlegg.PDF")) == "pdf"
    assert format_for(Path("side.htm")) == "html"
    assert format_for(Path("notat.markdown")) == "markdown"


def test_an_explicit_format_wins_over_the_suffix():
    assert format_for(Path("rapport.txt"), "pdftext") == "pdftext"


def test_unsupported_suffix_is_refused():
    with pytest.raises(ExtractionError, match=r"^unsupported file type \.xyz$"):
        format_for(Path("data.xyz"))


def test_unknown_format_name_is_refused():
    with pytest.raises(ExtractionError, match=r"^unknown format 'docx'"):
        format_for(Path("a.txt"), "docx")


def test_extract_file_dispatches_by_suffix(tmp_path):
    assert extract_file(write_norwegian_pdf(tmp_path / "f.pdf")).pages[1].links
    assert extract_file(DATA / "programme-page.html").has_structure is True
    assert extract_file(DATA / "programmer.md").title == "Støtteordninger for kommunene"
    assert extract_file(DATA / "notat-latin1.txt").has_structure is False


def test_extract_file_with_format_name(tmp_path):
    pages = extract_file(DATA / "pdftext-sample.txt", "pdftext").pages
    assert [page.number for page in pages] == [10, 11, 12]
    # The same file read as plain text is one page.
    assert len(extract_file(DATA / "pdftext-sample.txt", "text").pages) == 1
    # A .txt file read as Markdown gets its headings.
    path = tmp_path / "notat.txt"
    path.write_text("# Tittel\n\nTekst.\n", encoding="utf-8")
    assert extract_file(path, "markdown").title == "Tittel"


def test_extract_file_refuses_an_empty_file(tmp_path):
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    with pytest.raises(ExtractionError, match=r"^empty file$"):
        extract_file(path)


def test_check_size_allows_a_file_up_to_the_limit(tmp_path):
    path = tmp_path / "notat.txt"
    path.write_bytes(b"x" * 2048)
    check_size(path, 2048)


def test_check_size_refuses_a_larger_file_naming_the_limit(tmp_path):
    path = tmp_path / "stor.txt"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(ExtractionError, match=r"^file is larger than 1 MB$"):
        check_size(path, 1024 * 1024)
    with pytest.raises(ExtractionError, match=r"^file is larger than 0.5 MB$"):
        check_size(path, 512 * 1024)


def test_check_size_refuses_an_empty_file(tmp_path):
    path = tmp_path / "tom.txt"
    path.write_bytes(b"")
    with pytest.raises(ExtractionError, match=r"^empty file$"):
        check_size(path, 1024)
