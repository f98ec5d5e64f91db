"""Helpers of the admin workbench's tests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def count_queries():
    """The number of queries a call makes."""

    def count(call):
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured.captured_queries)

    return count


CITATIONS = "coherence-citation-content_type-object_id"


def practice_form(practice, **changes):
    """The change form of `practice` as the admin posts it, with `changes`: its citations
    as they are (as the admin shows them), no country or institution rows."""
    data = {
        "title_en": practice.title,
        "slug": practice.slug,
        "summary_en": practice.summary,
        "description": practice.description,
        "editorial_state": practice.editorial_state,
        "coherence_levels": [level.pk for level in practice.coherence_levels.all()],
        "themes": [theme.pk for theme in practice.themes.all()],
        "scope": practice.scope,
        "status": practice.status,
        "outcomes": "",
        "challenges": "",
    }
    for prefix in ("country_links", "institution_links", CITATIONS):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    citations = list(practice.citations.all())
    data[f"{CITATIONS}-TOTAL_FORMS"] = data[f"{CITATIONS}-INITIAL_FORMS"] = str(len(citations))
    for i, citation in enumerate(citations):
        data.update(
            {
                f"{CITATIONS}-{i}-id": citation.pk,
                f"{CITATIONS}-{i}-source": citation.source_id,
                f"{CITATIONS}-{i}-locator": citation.locator,
                f"{CITATIONS}-{i}-quote": citation.quote,
            }
        )
    data.update(changes)
    return data
