"""The layers below search call full-text search through `coherence.fulltext`, which the
search app provides when Django starts."""

import pytest

from coherence import fulltext
from search.fulltext import FULL_TEXT


def test_the_search_app_provides_the_full_text_search():
    assert fulltext.engine() is FULL_TEXT


def test_a_query_that_cannot_run_is_a_value_error_with_its_message():
    with pytest.raises(ValueError, match="characters"):
        fulltext.engine().validate("x" * 10_000)
