"""The facet sidebar's values (`includes/facet_sidebar.html`), written by Python rather
than a dozen template nodes each: a sidebar lists hundreds of them (every country,
institution and tool among the results) and was most of a list page's rendering time
(`docs/performance.md`, "Lists from flat rows"). `facet_values` writes a run of a facet's
values at once (no template loop, each count formatted once). The markup is the
template's as it was, escaped as the template escapes it."""

import html

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

register = template.Library()


def _escaped(value) -> str:
    """What `{{ value }}` writes: safe text as it is, anything else HTML-escaped (as
    Django's `conditional_escape()`, without its per-call laziness checks)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _number(count: int) -> str:
    return number_format(count, force_grouping=True)


def _label(value: dict) -> str:
    if value.get("lang"):  # English content on a page in another language
        return f'<span lang="{_escaped(value["lang"])}">{_escaped(value["label"])}</span>'
    return _escaped(value["label"])


# What comes before each value in the template's loop (its line's indentation).
VALUE_INDENT = "\n        "


@register.simple_tag
def facet_values(facet: str, values: list[dict], start: int = 0, stop: int | None = None):
    """`values[start:stop]` of a facet, each on its own line as the template's loop wrote
    them (`VALUE_INDENT` then the value): its checkbox and label with its count, and the
    link that chooses or unchooses it where a result has it (a value no result has shows
    its zero count but can be neither linked nor chosen). Counts repeat (most are small),
    so each distinct count is formatted once."""
    name = _escaped(facet)
    numbers: dict[int, str] = {}
    parts = []
    for value in values[start:stop]:
        count = value["count"]
        number = numbers.get(count)
        if number is None:
            number = numbers[count] = _number(count)
        parts.append(VALUE_INDENT)
        parts.append(_value(name, value, number))
    return mark_safe("".join(parts))


def _value(name: str, value: dict, number: str) -> str:
    """One value of a facet (`coherence.sidebar.facet_groups`), `name` the facet's name
    escaped, `number` its formatted count."""
    linked, selected = value["linked"], value["selected"]
    ident = _escaped(value["id"])
    link = ""
    if linked:
        link = (
            f'<a class="facet-link" href="{_escaped(value["url"])}" tabindex="-1" '
            f'aria-hidden="true">{"−" if selected else "+"}</a>'
        )
    empty = "" if linked else ' class="is-empty"'
    return (
        f"<li{empty}>"
        f'<input type="checkbox" id="f-{name}-{ident}" name="{name}" '
        f'value="{_escaped(value["value"])}"{" checked" if selected else ""}'
        f"{'' if linked else ' disabled'}>\n"
        f'          <label for="f-{name}-{ident}">{_label(value)} '
        f'<span class="count">({number})</span></label>\n'
        f"          {link}</li>"
    )
