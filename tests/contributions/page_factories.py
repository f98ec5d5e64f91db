"""People and submissions for the page tests of contributions."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from contributions import services
from contributions.models import Document
from contributions.services import QuoteData
from tests.factories import CoherenceLevelFactory, CountryFactory, ThemeFactory

TEXT = (
    "A Practice Report\n\n"
    "The Ministry of Labour set up a one-stop centre for returning migrants in 2015.\n\n"
    "It advised 12,000 returnees on jobs, savings and housing in its first two years.\n\n"
    "An inter-ministerial committee oversees the centre and meets every quarter."
)
QUOTE = "set up a one-stop centre for returning migrants in 2015"


def person(email, *, reviewer=False, verified=True, organisation="", language="en"):
    user = get_user_model().objects.create_user(username=email, email=email, password="pw-12345!")
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    if reviewer:
        user.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    profile = user.profile
    profile.organisation, profile.language = organisation, language
    profile.save()
    return user


def world():
    return {
        "country": CountryFactory(iso3="MDA", name="Moldova"),
        "level": CoherenceLevelFactory(slug="intra-governmental", name="Intra-governmental"),
        "theme": ThemeFactory(slug="return", name="Return"),
    }


def uploaded(owner, text=TEXT, title="Practice report"):
    return Document.objects.create(
        owner=owner,
        title=title,
        filename="report.txt",
        media_type="text/plain",
        size=len(text),
        sha256="0" * 64,
        state=Document.State.READY,
        text=text,
        passages_count=4,
    )


def complete(kb, **extra):
    return {
        "title": "One-stop centre for returning migrants",
        "summary": "A centre advising returnees on jobs, savings and housing.",
        "countries": [{"iso3": kb["country"].iso3, "role": "implementing"}],
        "coherence_levels": [kb["level"].slug],
        "themes": [kb["theme"].slug],
        "scope": "national",
        **extra,
    }


def draft(owner, kb, **extra):
    document = uploaded(owner)
    return services.submission_create(
        owner=owner,
        content=complete(kb, **extra),
        quotes=[QuoteData(document.pk, QUOTE, "summary")],
    )


def in_review(owner, kb, **extra):
    submission = draft(owner, kb, **extra)
    return services.submit(submission=submission, user=owner)
