"""Bulk work in the admin: export the list's current selection (its filters and search)
or the rows ticked (an action) to XLSX or CSV, and import corrections back from such a
file, with a dry run that shows every change, row and field, before anything is written.

A model admin gets both by adding `SpreadsheetAdminMixin` to its bases; `sheets` maps
each model to its `Sheet` (what its columns are, how a row is written). Exporting needs
the permission to view the model, importing the permission to change it.
"""

from __future__ import annotations

import base64

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .spreadsheets import files
from .spreadsheets.importing import Report, run_import
from .spreadsheets.reference import SHEETS
from .spreadsheets.sheets import Sheet


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An .xlsx workbook or a .csv file (UTF-8) as the export writes it, with its "
            "“slug” column; at most %(rows)s rows and %(size)s KB."
        ) % {"rows": files.MAX_ROWS, "size": files.MAX_BYTES // 1024}


def _download(sheet: Sheet, queryset, kind: str) -> HttpResponse:
    media_type = files.XLSX_MEDIA_TYPE if kind == "xlsx" else files.CSV_MEDIA_TYPE
    response = HttpResponse(sheet.export(queryset, kind), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{sheet.filename(kind)}"'
    return response


@admin.action(description=gettext_lazy("Export the selected rows to a spreadsheet (XLSX)"))
def export_selected_xlsx(modeladmin, request, queryset):
    return _download(modeladmin.get_sheet(), queryset, "xlsx")


@admin.action(description=gettext_lazy("Export the selected rows as CSV"))
def export_selected_csv(modeladmin, request, queryset):
    return _download(modeladmin.get_sheet(), queryset, "csv")


class SpreadsheetAdminMixin:
    sheets: dict = SHEETS
    change_list_template = "admin/spreadsheets/change_list.html"
    import_template = "admin/spreadsheets/import.html"

    def get_sheet(self) -> Sheet:
        return self.sheets[self.model]()

    def _name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "export/<str:kind>/",
                wrap(self.spreadsheet_export_view),
                name=self._name("export"),
            ),
            path("import/", wrap(self.spreadsheet_import_view), name=self._name("import")),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_or_change_permission(request):
            for action in (export_selected_xlsx, export_selected_csv):
                actions[action.__name__] = self.get_action(action)
        return actions

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "spreadsheet_import": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    # Export ------------------------------------------------------------------------------

    def spreadsheet_export_view(self, request, kind):
        if kind not in files.FORMATS:
            raise Http404
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            self.message_user(request, _("The list's filters are not valid."), messages.ERROR)
            return HttpResponseRedirect(reverse(f"admin:{self._name('changelist')}"))
        return _download(self.get_sheet(), changelist.get_queryset(request), kind)

    # Import ------------------------------------------------------------------------------

    def _session_key(self) -> str:
        return f"spreadsheet-import:{self.opts.label_lower}"

    def spreadsheet_import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        sheet, form, report = self.get_sheet(), UploadForm(), None
        if request.method == "POST" and "apply" in request.POST:
            stored = request.session.get(self._session_key())
            if stored is None:
                self.message_user(
                    request,
                    _("There is no dry run to apply any more: upload the file again."),
                    messages.WARNING,
                )
                return HttpResponseRedirect(request.path)
            table = files.read_bytes(base64.b64decode(stored["data"]), stored["kind"])
            report = run_import(
                sheet,
                table,
                commit=True,
                reason=self._reason(stored["name"]),
                expected=request.POST.get("fingerprint", ""),
            )
            if report.applied:
                del request.session[self._session_key()]
                count = len(report.changed)
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d %(model)s corrected from %(file)s.",
                        "%(count)d %(models)s corrected from %(file)s.",
                        count,
                    )
                    % {
                        "count": count,
                        "model": self.opts.verbose_name,
                        "models": self.opts.verbose_name_plural,
                        "file": stored["name"],
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse(f"admin:{self._name('changelist')}"))
        elif request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    table = files.read_upload(upload)
                except files.FileRefused as refusal:
                    form.add_error("file", refusal.message)
                else:
                    report = self._dry_run(request, sheet, table, upload)
        return TemplateResponse(
            request,
            self.import_template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Import corrections to %(models)s")
                % {"models": self.opts.verbose_name_plural},
                "form": form,
                "report": report,
                "sheet": sheet,
                "file_name": request.session.get(self._session_key(), {}).get("name", ""),
                "changelist_url": reverse(f"admin:{self._name('changelist')}"),
            },
        )

    def _reason(self, name: str) -> str:
        return _("Corrected by a spreadsheet import (%(file)s)") % {"file": name}

    def _dry_run(self, request, sheet, table, upload) -> Report:
        upload.seek(0)
        data = upload.read()
        report = run_import(sheet, table, commit=False, reason=self._reason(upload.name))
        # Kept for applying: the file, not the report, so that applying reads the records
        # afresh and refuses if what it would change is no longer what was shown.
        request.session[self._session_key()] = {
            "name": upload.name,
            "kind": upload.name.lower().rsplit(".", 1)[-1],
            "data": base64.b64encode(data).decode("ascii"),
        }
        return report
