"""Issue an API token to a named user and print it once (it is stored hashed)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from knox.models import AuthToken


class Command(BaseCommand):
    help = (
        "Issue an API token to a user and print it once: only its hash is stored. Writes "
        "through the API need the user's model permissions: give them in the admin, or "
        "here with --grant."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--expiry-days",
            type=int,
            default=365,
            help="Days until the token expires (default 365; 0 for a token that never does).",
        )
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the user if there is none of that name (an account for a partner "
            "system: it has no password and cannot log in to the admin).",
        )
        parser.add_argument(
            "--grant",
            action="append",
            default=[],
            metavar="APP.CODENAME",
            help="Give the user a model permission, e.g. practices.change_practice "
            "(repeat for several).",
        )

    @transaction.atomic
    def handle(self, *args, username, expiry_days, create, grant, **options):
        if expiry_days < 0:
            raise CommandError("--expiry-days must be 0 or more.")
        permissions = [self.permission(name) for name in grant]
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            if not create:
                raise CommandError(
                    f"No user named {username!r} (add --create to create one)."
                ) from error
            user = User.objects.create_user(**{User.USERNAME_FIELD: username}, password=None)
            self.stderr.write(f"Created the user {username}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is not active.")
        user.user_permissions.add(*permissions)
        expiry = timedelta(days=expiry_days) if expiry_days else None
        instance, token = AuthToken.objects.create(user=user, expiry=expiry)
        when = instance.expiry.strftime("%Y-%m-%d %H:%M UTC") if instance.expiry else "never"
        self.stderr.write(
            f"Token for {username} (expires: {when}). It is shown only now; send it as "
            f"`Authorization: Bearer <token>` (or `Token <token>`)."
        )
        self.stdout.write(token)

    @staticmethod
    def permission(name: str) -> Permission:
        app_label, _, codename = name.partition(".")
        found = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if not codename or found is None:
            raise CommandError(
                f"No permission {name!r}: give APP.CODENAME, e.g. practices.change_practice."
            )
        return found
