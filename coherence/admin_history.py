"""The history of a record in the admin: each version with who, when, why and what it
changed in words (fields and links, long text word by word), and a revert that restores
the fields, links and citations of a version after showing what it will change.

A mixin for `SimpleHistoryAdmin` subclasses (`RecordAdmin`): it replaces simple-history's
change list of a record's history and its revert form, which ignore links and inlines.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .history.comparison import changes, names_for
from .history.revert import record_revert
from .history.states import current_state, versions_of
from .versions import version


class HistoryAdminMixin:
    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"
    revert_template = "admin/history/revert.html"

    def changeform_view(self, request, *args, **kwargs):
        """An admin save (the record, then its links and inlines) is one version."""
        if request.method != "POST":  # showing the form writes nothing
            return super().changeform_view(request, *args, **kwargs)
        with transaction.atomic(using=router.db_for_write(self.model)), version():
            return super().changeform_view(request, *args, **kwargs)

    # The history page --------------------------------------------------------------------

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Give each row of the page `readable_changes`: what it changed from the version
        before it (the row before the page's oldest is read too)."""
        rows = list(historical_records)
        if not rows:
            return
        oldest = rows[-1]
        pk_name = self.model._meta.pk.attname
        pk = getattr(oldest, pk_name)
        before = (
            type(oldest)
            .objects.filter(**{pk_name: pk})
            .filter(
                Q(history_date__lt=oldest.history_date)
                | Q(history_date=oldest.history_date, history_id__lt=oldest.history_id)
            )
            .order_by("-history_date", "-history_id")
            .first()
        )
        ascending = ([before] if before else []) + rows[::-1]
        states = versions_of(self.model, pk, ascending)
        names = names_for(self.model, states)
        previous = None
        for row, state in zip(ascending, states, strict=True):
            if row is not before:
                row.readable_changes = changes(self.model, previous, state, names)
            previous = state

    # Revert ------------------------------------------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """What reverting to this version will change, and (POST) the revert itself."""
        request.current_app = self.admin_site.name
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404(_("This record no longer exists."))
        if not self.has_view_history_or_change_history_permission(request, record):
            raise PermissionDenied
        pk_name = self.model._meta.pk.attname
        row = get_object_or_404(
            self.model.history.model, **{pk_name: record.pk, "history_id": version_id}
        )
        opts = self.model._meta
        history_url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history", args=[record.pk]
        )
        can_revert = not self.revert_disabled(request, record) and self.has_change_permission(
            request, record
        )
        when = formats.date_format(timezone.localtime(row.history_date), "DATETIME_FORMAT")
        if request.method == "POST":
            if not can_revert:
                raise PermissionDenied
            return self._revert(request, record, row, when, history_url)
        (wanted,) = versions_of(self.model, record.pk, [row])
        now = current_state(record)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revert %(record)s to the version of %(date)s")
            % {"record": record, "date": when},
            "opts": opts,
            "object": record,
            "row": row,
            "changes": changes(self.model, now, wanted, names_for(self.model, [now, wanted])),
            "can_revert": can_revert,
            "history_url": history_url,
            "module_name": opts.verbose_name_plural,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.revert_template, context)

    def _revert(self, request, record, row, when, history_url):
        try:
            changed = record_revert(
                record=record,
                row=row,
                reason=_("Reverted to the version of %(date)s") % {"date": when},
            )
        except ValidationError as error:
            self.message_user(
                request,
                _("This version cannot be restored: %(reasons)s")
                % {"reasons": " ".join(error.messages)},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        if not changed:
            self.message_user(
                request, _("The record is already as this version has it."), messages.INFO
            )
            return HttpResponseRedirect(history_url)
        self.log_change(request, record, _("Reverted to the version of %(date)s") % {"date": when})
        self.message_user(
            request,
            _("“%(record)s” was reverted to the version of %(date)s.")
            % {"record": record, "date": when},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(history_url)
