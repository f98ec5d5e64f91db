"""The download's file name: what was filtered and when, in characters every file system
and every HTTP client takes, of bounded length."""

import datetime
import re

import pytest
from django.http import QueryDict

from coherence.rest.exports import MAX_FILENAME, content_disposition, export_filename

DAY = datetime.date(2026, 12, 5)


def name(query: str, base="practices", extension="csv") -> str:
    return export_filename(base, QueryDict(query), extension, today=DAY)


def test_an_unfiltered_export_is_named_after_the_list_and_the_day():
    assert name("") == "practices_2026-12-05.csv"
    assert name("format=xlsx&page=3&page_size=10&ordering=title", extension="xlsx") == (
        "practices_2026-12-05.xlsx"
    )


def test_filters_are_named_in_the_order_given_with_their_values():
    assert name("country=MEX&theme=remittances&format=csv") == (
        "practices_country-MEX_theme-remittances_2026-12-05.csv"
    )
    assert name("country=MEX,PHL") == name("country=MEX&country=PHL")
    assert name("country=MEX,PHL") == "practices_country-MEX+PHL_2026-12-05.csv"
    assert name("search=remittances diaspora&year_from=2000") == (
        "practices_search-remittances-diaspora_year-from-2000_2026-12-05.csv"
    )


@pytest.mark.parametrize(
    "query",
    [
        "search=../../etc/passwd",
        'search=a"b\\c',
        "search=a/b\\c:d*e?f<g>h|i",
        "search=%0d%0aSet-Cookie: x=1",
        "search=..",
        "country=,,,",
    ],
)
def test_a_file_name_keeps_only_safe_characters(query):
    filename = name(query)
    assert re.fullmatch(r"[\w+.-]+", filename), filename
    assert ".." not in filename and filename.startswith("practices_")
    assert filename.endswith("_2026-12-05.csv")


def test_a_long_file_name_is_cut_before_the_date():
    filename = name("search=" + "é" * 400 + "&country=MEX")
    assert len(filename.encode()) <= MAX_FILENAME
    assert filename.endswith("_2026-12-05.csv")
    assert filename.startswith("practices_search-éé")


def test_the_header_gives_a_plain_name_as_is():
    assert content_disposition("practices_country-MEX_2026-12-05.csv") == (
        'attachment; filename="practices_country-MEX_2026-12-05.csv"'
    )


def test_the_header_gives_a_name_beyond_ascii_in_both_forms():
    header = content_disposition(name("search=Côte d'Ivoire&theme=الهجرة"))
    ascii_name, utf8_name = re.fullmatch(
        r'attachment; filename="([^"\\]+)"; filename\*=UTF-8\'\'(\S+)', header
    ).groups()
    assert ascii_name == "practices_search-Cote-d-Ivoire_theme_2026-12-05.csv"
    assert utf8_name == (
        "practices_search-C%C3%B4te-d-Ivoire_theme-%D8%A7%D9%84%D9%87%D8%AC%D8%B1%D8%A9"
        "_2026-12-05.csv"
    )
