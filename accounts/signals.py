"""Every user gets a profile; a verified e-mail makes its user a contributor."""

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Profile
from .roles import CONTRIBUTOR


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(email_confirmed, dispatch_uid="accounts.contributor")
def make_contributor(sender, request, email_address, **kwargs):
    group, _created = Group.objects.get_or_create(name=CONTRIBUTOR)
    email_address.user.groups.add(group)
