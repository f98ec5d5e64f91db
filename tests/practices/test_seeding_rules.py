"""The loader applies the editorial rules every write does: quotes checked as the reader
shows the paper (a refusal names the record and the nearest passage), and no published
record without a citation."""

import pytest
from django.core.management import CommandError, call_command

from practices.models import Practice
from tests.practices.test_seeding import fixtures, write  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PRACTICE = {
    "slug": "three-per-one",
    "title": "Three per One",
    "summary": "x",
    "scope": "national",
    "coherence_levels": ["intra-governmental"],
    "themes": ["remittances"],
}


def test_a_refused_quote_names_the_record_and_the_nearest_passage(fixtures):  # noqa: F811
    quote = "Mexico has implemented several programs to promote remittances abroad."
    write(
        fixtures,
        "practices.json",
        "practice",
        [{**PRACTICE, "citations": [{"source": "paper", "locator": "para. 2", "quote": quote}]}],
    )
    with pytest.raises(CommandError) as error:
        call_command("load_knowledge_base", fixtures=fixtures)
    message = str(error.value)
    assert "practice “three-per-one” (practices.json): quote: This quote does not occur" in message
    assert "Nearest passage (para. 2): “Mexico has implemented several programs" in message
    assert not Practice.objects.exists()


def test_a_published_record_without_a_citation_is_refused(fixtures):  # noqa: F811
    write(fixtures, "practices.json", "practice", [PRACTICE])
    with pytest.raises(CommandError) as error:
        call_command("load_knowledge_base", fixtures=fixtures)
    assert (
        "practice “three-per-one” (practices.json): citations: A published practice must "
        "cite at least one passage of a source" in str(error.value)
    )


def test_a_draft_may_have_no_citation(fixtures):  # noqa: F811
    write(fixtures, "practices.json", "practice", [{**PRACTICE, "editorial_state": "draft"}])
    call_command("load_knowledge_base", fixtures=fixtures)
    assert Practice.objects.get(slug="three-per-one").editorial_state == "draft"
