"""Whether a record's text, as a page in the active language shows it, is English: the
record has no translation of the field, or the field is never translated (a paper's
title, an event's date as the paper gives it). Pages mark such text `lang="en"`."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language


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
