"""Records' text in the page's language, and English marked as English.

`{{ practice|localized:"title" }}` writes the practice's title in the page's language;
where the record has no translation of it (or the field is never translated: a paper's
title, a verbatim definition), it writes the English inside `<span lang="en">`, so that
screen readers and browsers read it as English. `{% translation_note practice %}` says so
in words on a record's page.
"""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from coherence.translated import is_english

register = template.Library()


@register.filter
def grouped(number):
    """A count as the page's language writes it: 12,500 · 12 500 · 12.500."""
    if number in (None, ""):
        return ""
    return number_format(number, force_grouping=True)


@register.filter
def localized(obj, field: str):
    value = getattr(obj, field, "")
    if value in (None, ""):
        return ""
    if is_english(obj, field):
        return format_html('<span lang="en">{}</span>', value)
    return format_html("{}", value)


@register.filter
def lang_attr(obj, field: str):
    """` lang="en"` for an element whose content is `obj.<field>` shown in English."""
    return mark_safe(' lang="en"') if is_english(obj, field) else ""


@register.filter
def lang_of_text(obj, text):
    """` lang="en"` where `text` is the record's title or name shown in English (a search
    hit's heading)."""
    for field in ("title", "name", "term", "short_title"):
        if getattr(obj, field, None) == text:
            return mark_safe(' lang="en"') if is_english(obj, field) else ""
    return ""


@register.simple_tag
def translation_note(obj, *fields):
    """A note on a record's page when some of its text is shown in English."""
    fields = fields or ("title", "summary")
    if not any(is_english(obj, field) for field in fields if getattr(obj, field, "")):
        return ""
    return format_html(
        '<p class="translation-note">{}</p>',
        _(
            "This record has not been translated into this language yet: its text is shown in English."
        ),
    )
