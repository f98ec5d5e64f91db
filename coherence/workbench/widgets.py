"""A select searched on the server as the editor types (the admin's own select2 and
autocomplete.js), for a URL other than the admin's autocomplete view, or for a list
filter outside any form."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import get_select2_language


def select2_media(*, then_js=(), then_css=()) -> forms.Media:
    """The admin's select2 and autocomplete.js, as its autocomplete widgets load them,
    followed by `then_js` and `then_css` (which may use them)."""
    extra = "" if settings.DEBUG else ".min"
    language = get_select2_language()
    i18n = (f"admin/js/vendor/select2/i18n/{language}.js",) if language else ()
    return forms.Media(
        js=(
            f"admin/js/vendor/jquery/jquery{extra}.js",
            f"admin/js/vendor/select2/select2.full{extra}.js",
            *i18n,
            "admin/js/jquery.init.js",
            "admin/js/autocomplete.js",
            *then_js,
        ),
        css={
            "screen": (
                f"admin/css/vendor/select2/select2{extra}.css",
                "admin/css/autocomplete.css",
                *then_css,
            )
        },
    )


class SearchSelect(forms.Select):
    """A select whose options are fetched from `url` as the editor types; it renders only
    the chosen option (`choices` holds it)."""

    def __init__(self, url: str = "", *, attrs=None, required=False, data=None):
        super().__init__(attrs=attrs)
        self.url = url
        self.required = required
        self.data = data or {}

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        classes = attrs.get("class", "")
        attrs.update(
            {
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-ajax--url": str(self.url),
                "data-theme": "admin-autocomplete",
                "data-allow-clear": json.dumps(not self.required),
                "data-placeholder": "",
                "lang": get_select2_language() or "en",
                "class": f"{classes} admin-autocomplete".strip(),
                **{f"data-{name}": value for name, value in self.data.items()},
            }
        )
        return attrs

    @property
    def media(self):
        return select2_media()
