"""The sign-up's extra questions, the profile, and a new API token."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coherence.collation import sort_key
from coherence.models import Country

from .models import Profile

EXPIRY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (365, _("365 days")),
]


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def countries_by_name():
    """The countries, sorted by their name in the current language."""
    return sorted(Country.objects.all(), key=lambda country: sort_key(str(country.name)))


def country_field(**kwargs) -> CountryChoiceField:
    return CountryChoiceField(
        queryset=Country.objects.all(),
        required=False,
        label=_("Country"),
        empty_label=_("— Choose a country —"),
        **kwargs,
    )


class CountryChoicesMixin:
    """Offers the countries in alphabetical order of their names in the page's language."""

    def set_country_choices(self):
        field = self.fields["country"]
        field.choices = [("", field.empty_label)] + [
            (country.pk, country.name) for country in countries_by_name()
        ]


class SignupForm(CountryChoicesMixin, forms.Form):
    """What allauth's sign-up asks besides the e-mail and the password
    (ACCOUNT_SIGNUP_FORM_CLASS). The profile's language is the page's."""

    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("The ministry, agency or organisation you work for."),
    )
    country = country_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_country_choices()

    def signup(self, request, user):
        profile, _created = Profile.objects.get_or_create(user=user)
        profile.organisation = self.cleaned_data["organisation"]
        profile.country = self.cleaned_data.get("country")
        language = translation.get_language() or settings.LANGUAGE_CODE
        codes = {code for code, _name in settings.LANGUAGES}
        profile.language = language if language in codes else settings.LANGUAGE_CODE
        profile.full_clean()
        profile.save()


class ProfileForm(CountryChoicesMixin, forms.ModelForm):
    country = country_field()

    class Meta:
        model = Profile
        fields = ["organisation", "country", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_country_choices()


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Ministry data portal”."),
    )
    expiry_days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        initial=90,
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name
