"""Issue an API token to a named user and print it once (it is stored hashed)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = (
        "Issue an API token to an existing user and print it once: only its hash is "
        "stored. Writes through the API need the user's model permissions."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--expiry-days",
            type=int,
            default=365,
            help="Days until the token expires (default 365; 0 for a token that never does).",
        )

    def handle(self, *args, username, expiry_days, **options):
        if expiry_days < 0:
            raise CommandError("--expiry-days must be 0 or more.")
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        if not user.is_active:
            raise CommandError(f"The user {username!r} is not active.")
        expiry = timedelta(days=expiry_days) if expiry_days else None
        instance, token = AuthToken.objects.create(user=user, expiry=expiry)
        when = instance.expiry.strftime("%Y-%m-%d %H:%M UTC") if instance.expiry else "never"
        self.stderr.write(
            f"Token for {username} (expires: {when}). It is shown only now; send it as "
            f"`Authorization: Token <token>`."
        )
        self.stdout.write(token)
