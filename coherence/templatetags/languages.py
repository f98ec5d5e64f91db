"""Records' text in the page's language, and English marked as English.

`{{ practice|localized:"title" }}` writes the practice's title in the page's language;
where the record has no translation of it (or the field is never translated: a paper's
title, a verbatim definition), it writes the English inside `<span lang="en">`, so that
screen readers and browsers read it as English. `{% translation_note practice %}` says so
in words on a record's page.
"""

from django import template
from django.conf import settings
from django.db import models
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def is_english(obj, field: str) -> bool:
    """Whether `obj.<field>`, as the page shows it, is the English text (on a page in
    another language, for a record that has no translation of the field)."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not isinstance(obj, models.Model):
        return False
    try:
        obj._meta.get_field(f"{field}_{language}")
    except Exception:
        return True
    return not getattr(obj, f"{field}_{language}", None)


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
