"""Old addresses of records merged into others (the one-record rule) or renamed."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimestampedModel
from .constraints import Check


class SlugRedirect(TimestampedModel):
    """A slug a record of some type answered to once, and the record that now answers
    for it: the page and the API detail of the old slug answer 301 with the target's
    address, of the target's own type (a practice merged into a recommendation sends
    `/practices/<old>/` to `/recommendations/<new>/`). The target is held by id, so a
    later rename of the target keeps the redirect right."""

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("type of the old record"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    old_slug = models.SlugField(_("old slug"), max_length=150)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("type of the target"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Why the old address moved, e.g. “merged: the same practice twice”."),
    )

    class Meta:
        ordering = ["content_type", "old_slug"]
        verbose_name = _("slug redirect")
        verbose_name_plural = _("slug redirects")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slugredirect_type_old_slug_unique"
            ),
            Check(condition=~models.Q(old_slug=""), name="slugredirect_old_slug_not_empty"),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="slugredirect_target_idx"),
        ]

    def __str__(self):
        return f"{self.content_type.model}/{self.old_slug} → {self.target}"

    def clean(self):
        super().clean()
        if not (self.content_type_id and self.target_type_id):
            return
        model = self.content_type.model_class()
        if model is None or not hasattr(model, "slug"):
            raise ValidationError({"content_type": _("Records of this type have no slug.")})
        if model._default_manager.filter(slug=self.old_slug).exists():
            raise ValidationError(
                {
                    "old_slug": _(
                        "A %(type)s has the slug “%(slug)s”: it answers for it, so a redirect "
                        "would never be used."
                    )
                    % {"type": model._meta.verbose_name, "slug": self.old_slug}
                }
            )
        if self.target_id is None:
            return  # not chosen yet (the admin's form names the target by its slug)
        target_model = self.target_type.model_class()
        if (
            target_model is None
            or not target_model._default_manager.filter(pk=self.target_id).exists()
        ):
            raise ValidationError({"target_type": _("There is no such target record.")})
