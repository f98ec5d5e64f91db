"""Create (or update) the account of a focal point, a partner system or a reviewer, with a
verified e-mail address, and optionally print an API token for it once.

For operators: accounts normally sign up on the site and verify their address by e-mail;
this is how a partner system's account, or the first reviewer, is made from the shell."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from coherence.models import Country

from ...roles import CONTRIBUTOR, REVIEWER
from ...services import token_create


class Command(BaseCommand):
    help = (
        "Create or update a contributor's account (e-mail verified), optionally a reviewer, "
        "and with --token print a new API token for it (shown only now)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--organisation", default=None)
        parser.add_argument("--country", default=None, metavar="ISO3")
        parser.add_argument(
            "--language", default=None, choices=["en", "fr", "es"], help="of its e-mails"
        )
        parser.add_argument("--reviewer", action="store_true", help="give the reviewer role")
        parser.add_argument(
            "--token",
            default=None,
            metavar="NAME",
            help="create an API token with this name and print it on standard output",
        )
        parser.add_argument("--expiry-days", type=int, default=365)

    @transaction.atomic
    def handle(self, *args, email, organisation, country, language, reviewer, token, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an e-mail address.") from error
        if not 1 <= options["expiry_days"] <= 3650:
            raise CommandError("--expiry-days must be between 1 and 3650.")
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(username=email.lower(), email=email, password=None)
            self.stderr.write(
                f"Created the account {email} (no password: it signs in after a reset)."
            )
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email__iexact=email, defaults={"email": email}
        )
        address.verified = True
        address.primary = True
        address.save()
        user.groups.add(Group.objects.get_or_create(name=CONTRIBUTOR)[0])
        if reviewer:
            user.groups.add(Group.objects.get_or_create(name=REVIEWER)[0])
        profile = user.profile
        if organisation is not None:
            profile.organisation = organisation
        if country is not None:
            found = Country.objects.filter(iso3=country.upper()).first()
            if found is None:
                raise CommandError(f"No country has the ISO3 code {country!r}.")
            profile.country = found
        if language is not None:
            profile.language = language
        profile.full_clean()
        profile.save()
        if token:
            _instance, key = token_create(user=user, name=token, expiry_days=options["expiry_days"])
            self.stderr.write(f"Token {token!r} for {email}; it is shown only now.")
            self.stdout.write(key)
