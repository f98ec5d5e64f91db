"""The pages' lists of practices (`includes/practice_items.html`): each item written by one
tag from its flat row (`practices.items.PracticeItem`) rather than two dozen template nodes,
which were half of the practices page's rendering (`docs/performance.md`, "Lists from
flat rows"). The markup is the template's as it was, escaped as the template escapes it."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from coherence.translated import current as current_language

from ..items import PracticeItem

register = template.Library()


def _escaped(value) -> str:
    """What `{{ value }}` writes: safe text as it is, anything else HTML-escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _number(value: int) -> str:
    return str(value)  # a year: never grouped


def _title(practice: PracticeItem) -> str:
    if practice.lang_of("title"):
        return f'<span lang="en">{_escaped(practice.title)}</span>'
    return _escaped(practice.title)


@register.simple_tag
def practice_item(practice: PracticeItem) -> SafeString:
    """A practice in a list: its title linking to its page; its countries (or "No single
    country"), scope, status and start year; its search snippet or summary; its coherence
    levels as badges."""
    if practice.country_names:
        countries = ", ".join(_escaped(name) for name in practice.country_names)
    else:
        countries = _escaped(gettext("No single country"))
    meta = (
        f"{countries}\n        · {_escaped(practice.get_scope_display())} · "
        f"{_escaped(practice.get_status_display())}"
    )
    if practice.start_year:
        meta += " · " + gettext("since %(year)s") % {"year": _escaped(_number(practice.start_year))}
    if practice.snippet:
        # The search's snippet says which language its text is in (the English of a
        # practice without a translation of its summary, or its description).
        language = getattr(practice.snippet, "language", None)
        lang = (
            f' lang="{_escaped(language)}"' if language and language != current_language() else ""
        )
        text = f'<p class="record__snippet"{lang}>{_escaped(practice.snippet)}</p>'
    else:
        lang = ' lang="en"' if practice.lang_of("summary") else ""
        text = f'<p class="record__summary"{lang}>{_escaped(practice.summary)}</p>'
    badges = ""
    if practice.levels:
        badges = "".join(
            f'<li><span class="badge badge--level badge--{_escaped(level.slug)}">'
            f"{_escaped(level.name)}</span></li>"
            for level in practice.levels
        )
        badges = (
            f'<ul class="badges" aria-label="{_escaped(gettext("Coherence levels"))}">{badges}</ul>'
        )
    return mark_safe(
        '\n    <li class="record">\n'
        f'      <h3 class="record__title"><a href="{_escaped(practice.get_absolute_url())}">'
        f"{_title(practice)}</a></h3>\n"
        '      <p class="record__meta">\n'
        f"        {meta}\n"
        "      </p>\n"
        f"      {text}\n"
        f"      {badges}\n"
        "    </li>"
    )
