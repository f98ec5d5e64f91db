"""A user's profile (who they are, the language of their e-mails) and the names of their
API tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from coherence.models import Country
from coherence.models.constraints import Check

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Profile(models.Model):
    """What a focal point or partner tells about themselves: their organisation, their
    country, and the language the site writes to them in. One per user, created with it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The ministry, agency or organisation you work for."),
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the e-mails the site sends you."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["user__email"]
        constraints = [
            Check(
                condition=models.Q(language__in=LANGUAGE_CODES),
                name="accounts_profile_language_valid",
            ),
        ]

    def __str__(self):
        return str(self.user)


class TokenName(models.Model):
    """The name a user gives one of their API tokens (a knox `AuthToken`), to tell them
    apart on their account page: "Ministry's data portal"."""

    token = models.OneToOneField(
        AuthToken,
        verbose_name=_("token"),
        on_delete=models.CASCADE,
        related_name="name",
    )
    name = models.CharField(_("name"), max_length=100)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("API token name")
        verbose_name_plural = _("API token names")
        ordering = ["-created"]
        constraints = [
            Check(condition=~models.Q(name=""), name="accounts_tokenname_name_not_empty"),
        ]

    def __str__(self):
        return self.name
