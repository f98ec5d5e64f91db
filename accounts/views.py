"""The account page: the profile, and the API tokens its holder manages."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .forms import ProfileForm, TokenCreateForm
from .models import Profile
from .roles import is_contributor, is_reviewer
from .services import token_create, token_revoke, tokens_of

TOKEN_KEY_MAX_LENGTH = 64


def profile_of(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@method_decorator(never_cache, name="dispatch")
class ProfileView(LoginRequiredMixin, TemplateView):
    """The account page: edit the profile; list, create and revoke API tokens. Private to
    its user (never cached)."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.setdefault("profile_form", ProfileForm(instance=profile_of(user)))
        context.setdefault("token_form", TokenCreateForm())
        context.update(
            tokens=tokens_of(user),
            can_hold_tokens=is_contributor(user),
            is_reviewer=is_reviewer(user),
            robots_noindex=True,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ProfileForm(request.POST, instance=profile_of(request.user))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(profile_form=form), status=400)
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")


@method_decorator(never_cache, name="dispatch")
class TokenCreateView(LoginRequiredMixin, View):
    """Creates a named token and shows it on the response, once: it is stored hashed, and
    never put in a cookie, a message or a redirect."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        page = ProfileView(request=request, args=args, kwargs=kwargs)
        if not is_contributor(request.user):
            context = page.get_context_data(token_refused=True)
            return page.render_to_response(context, status=403)
        form = TokenCreateForm(request.POST)
        if not form.is_valid():
            return page.render_to_response(page.get_context_data(token_form=form), status=400)
        instance, token = token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            expiry_days=form.cleaned_data["expiry_days"],
        )
        page.template_name = "accounts/token_created.html"
        context = {"token": token, "instance": instance, "name": form.cleaned_data["name"]}
        return page.render_to_response({**context, "robots_noindex": True}, status=201)


@method_decorator(never_cache, name="dispatch")
class TokenRevokeView(LoginRequiredMixin, View):
    """Revokes one of the user's own tokens; another's, or none, is a 404."""

    http_method_names = ["post"]

    def post(self, request, token_key, *args, **kwargs):
        if len(token_key) > TOKEN_KEY_MAX_LENGTH or not token_revoke(
            user=request.user, token_key=token_key
        ):
            raise Http404(_("You have no such token."))
        messages.success(request, _("The token is revoked: it no longer works."))
        return redirect("accounts:profile")
