"""The pages' lists of practices and the facet sidebar's values are written from flat
rows by tags (`practice_item` for each practice, `facet_values` for a run of a facet's
values): they must write exactly what the template markup they replace wrote, kept here,
for text that needs escaping, missing values, snippets and every state of a facet value."""

import pytest
from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from practices.items import Badge, PracticeItem
from practices.templatetags.practice_lists import practice_item
from tests.factories import CoherenceLevelFactory, CountryFactory, PracticeFactory

pytestmark = pytest.mark.django_db

# The markup before issue 20, for model-like items (`country_names` and `levels` stand
# for the prefetched `country_links` and `coherence_levels`).
ITEM_MARKUP = """{% load i18n %}{% for practice in practices %}
    <li class="record">
      <h3 class="record__title"><a href="{{ practice.get_absolute_url }}">{{ practice.title }}</a></h3>
      <p class="record__meta">
        {% for name in practice.country_names %}{{ name }}{% if not forloop.last %}, {% endif %}{% empty %}{% translate "No single country" %}{% endfor %}
        · {{ practice.get_scope_display }} · {{ practice.get_status_display }}{% if practice.start_year %} · {% blocktranslate with year=practice.start_year %}since {{ year }}{% endblocktranslate %}{% endif %}
      </p>
      {% if practice.snippet %}<p class="record__snippet">{{ practice.snippet }}</p>{% else %}<p class="record__summary">{{ practice.summary }}</p>{% endif %}
      {% if practice.levels %}<ul class="badges" aria-label="{% translate 'Coherence levels' %}">{% for level in practice.levels %}<li><span class="badge badge--level badge--{{ level.slug }}">{{ level.name }}</span></li>{% endfor %}</ul>{% endif %}
    </li>{% endfor %}"""
ITEM_TAG = """{% load practice_lists %}{% for practice in practices %}{% practice_item practice %}{% endfor %}"""

VALUE_MARKUP = """{% for value in values %}
        <li{% if not value.linked %} class="is-empty"{% endif %}><input type="checkbox" id="f-{{ name }}-{{ value.id }}" name="{{ name }}" value="{{ value.value }}"{% if value.selected %} checked{% endif %}{% if not value.linked %} disabled{% endif %}>
          <label for="f-{{ name }}-{{ value.id }}">{% if value.lang %}<span lang="{{ value.lang }}">{{ value.label }}</span>{% else %}{{ value.label }}{% endif %} <span class="count">({{ value.count|grouped }})</span></label>
          {% if value.linked %}<a class="facet-link" href="{{ value.url }}" tabindex="-1" aria-hidden="true">{% if value.selected %}−{% else %}+{% endif %}</a>{% endif %}</li>{% endfor %}"""
VALUE_TAG = """{% load facet_sidebar %}{% facet_values name values %}"""
# The sidebar writes a facet's first values, then the rest behind "more".
VALUE_TAG_IN_TWO = (
    """{% load facet_sidebar %}{% facet_values name values 0 2 %}{% facet_values name values 2 %}"""
)


def rendered(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def items() -> list[PracticeItem]:
    tricky = 'A <b>bold</b> & "quoted" title, l\'été'
    return [
        PracticeItem(
            pk=1,
            slug="a-practice",
            title=tricky,
            summary="=Summary with <tags> & ampersands",
            scope="national",
            status="ongoing",
            start_year=2002,
            country_names=["Côte d'Ivoire", "Mexico <b>"],
            levels=[Badge("intra-governmental", "Intra & <governmental>")],
        ),
        PracticeItem(
            pk=2,
            slug="b",
            title="No countries, no year",
            summary="",
            scope="bilateral",
            status="completed",
            start_year=None,
        ),
        PracticeItem(
            pk=3,
            slug="c",
            title="With a snippet",
            summary="not shown",
            scope="regional",
            status="planned",
            start_year=1999,
            country_names=["Mexico"],
            levels=[Badge("a", "A"), Badge("b", "B")],
            snippet=mark_safe("the <mark>matched</mark> words &amp; more"),
        ),
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_practice_items_are_written_as_the_template_wrote_them(language):
    with override(language):
        assert rendered(ITEM_TAG, practices=items()) == rendered(ITEM_MARKUP, practices=items())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_facet_values_are_written_as_the_template_wrote_them(language):
    values = [
        {
            "value": value,
            "label": label,
            "count": count,
            "id": ident,
            "selected": selected,
            "linked": linked,
            "url": f"?country={value}&theme=a&b#results",
            **({"lang": "en"} if value == "BEN" else {}),
        }
        for value, label, count, ident, selected, linked in [
            ("MEX", "Mexico", 12345, "mex", False, True),
            ("USA", "United States", 12345, "usa", False, True),  # a count repeated
            ("CIV", "Côte d'Ivoire <b>", 0, "civ", False, False),
            ("BEN", "Benin", 1, "ben", False, True),
            ("x&y", gettext_lazy("Scope"), 3, "xy", True, True),
            ("PHL", mark_safe("Philippines <i>safe</i>"), 0, "phl", True, True),
        ]
    ]
    with override(language):
        expected = rendered(VALUE_MARKUP, name="country", values=values)
        assert rendered(VALUE_TAG, name="country", values=values) == expected
        assert rendered(VALUE_TAG_IN_TWO, name="country", values=values) == expected


def test_practice_items_read_their_countries_levels_and_status_years_in_three_queries(
    django_assert_num_queries,
):
    from practices.items import ITEM, practice_items
    from practices.models import Practice
    from tests.factories import PracticeStatusReportFactory, SourceDocumentFactory

    levels = [CoherenceLevelFactory(), CoherenceLevelFactory()]
    countries = [CountryFactory(), CountryFactory()]
    made = [PracticeFactory(coherence_levels=levels, countries=countries, status="ongoing")]
    made += [PracticeFactory(coherence_levels=levels, countries=countries) for _ in range(2)]
    # Reported by two papers: the list shows the status with the latest one's year.
    for year in (2008, 2017):
        PracticeStatusReportFactory(
            practice=made[0],
            source=SourceDocumentFactory(year=year),
            status="ongoing",
            as_of_year=year,
        )
    # The rows, their countries and levels (one statement), their status reports' years.
    with django_assert_num_queries(3):
        found = practice_items(Practice.objects.order_by("pk").values(*ITEM), "default")
    assert [len(item.country_names) for item in found] == [2, 2, 2]
    assert [len(item.levels) for item in found] == [2, 2, 2]
    assert found[0].get_status_display() == "Ongoing (as of 2017)"
    assert "(as of" not in found[1].get_status_display()
    assert "· Ongoing (as of 2017)" in practice_item(found[0])
