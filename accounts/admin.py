"""The admin's user page with the profile inline; roles are the user's groups there
(`reviewer` is given by an editor; `contributor` comes with a verified e-mail)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Profile, TokenName

User = get_user_model()


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["country"]
    extra = 0
    max_num = 1


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AccountUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = [
        "email",
        "username",
        "profile__organisation",
        "profile__country",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]
    list_select_related = ["profile", "profile__country"]
    search_fields = ["username", "email", "profile__organisation"]

    def get_inlines(self, request, obj):
        # A new user's profile is created with it (accounts.signals): edited once it exists.
        return self.inlines if obj is not None else []


@admin.register(TokenName)
class TokenNameAdmin(admin.ModelAdmin):
    list_display = ["name", "token__user", "created", "token__expiry"]
    list_select_related = ["token__user"]
    search_fields = ["name", "token__user__email", "token__user__username"]
    readonly_fields = ["token", "name", "created"]

    def has_add_permission(self, request):
        return False
