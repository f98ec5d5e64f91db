"""django-allauth's hooks: its e-mails in the language of their recipient's profile."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils import translation

from .models import Profile


def language_of(user=None, email: str | None = None) -> str | None:
    """The language of the user's profile (found by the e-mail when no user is given)."""
    profiles = Profile.objects.all()
    if user is not None and getattr(user, "pk", None):
        profiles = profiles.filter(user=user)
    elif email:
        profiles = profiles.filter(user__in=get_user_model().objects.filter(email__iexact=email))
    else:
        return None
    return profiles.values_list("language", flat=True).first()


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        language = language_of(context.get("user"), email)
        if language is None:
            return super().send_mail(template_prefix, email, context)
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
