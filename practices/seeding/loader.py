"""Writing the fixtures' records to the database, through the same services as the API
and the admin (`coherence.services`, `practices.services`): a record that already
matches its fixture is left untouched (no write, no history entry), a record whose
fixture changed is updated in place, and nothing outside the fixtures is deleted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from coherence.models import Country, EditorialState, SlugRedirect, SourceDocument
from coherence.passages import rebuild_passages
from coherence.services import (
    CitationData,
    citations_set,
    many_set,
    publication_problem,
    record_save,
    record_update,
)
from coherence.versions import version

from .. import services
from .reading import Entry
from .types import RECORD_TYPES, SLUG_OF, TYPES_BY_NAME, FixtureError, RecordType, Ref

CHANGE_REASON = "Loaded from the seed fixtures"


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    # Lines of the data other apps load after the records (`knowledge_base_loaded`).
    notes: list[str] = field(default_factory=list)

    def lines(self):
        for record_type in RECORD_TYPES:
            name = record_type.name
            total = self.created[name] + self.updated[name] + self.unchanged[name]
            if total:
                yield (
                    f"{name}: {total} ({self.created[name]} created, "
                    f"{self.updated[name]} updated, {self.unchanged[name]} unchanged)"
                )
        yield from self.notes


class Loader:
    def __init__(self, entries: dict[str, dict[str, Entry]]):
        self.entries = entries
        self.report = LoadReport()
        self.problems: list[str] = []
        self._cache: dict[tuple, dict[str, models.Model]] = {}
        self._writers: dict[str, object] = {}

    def resolve(self, ref: Ref, value):
        """The record `value` names (a slug or an ISO code), or None for no value."""
        if value in (None, ""):
            return None
        cache_key = (ref.model, ref.key)
        if cache_key not in self._cache:
            self._cache[cache_key] = {
                getattr(obj, ref.key): obj for obj in ref.model._default_manager.all()
            }
        lookup = value.upper() if ref.model is Country else value
        try:
            return self._cache[cache_key][lookup]
        except KeyError:
            raise LookupError(
                f"no {ref.model._meta.verbose_name} with {ref.key} “{value}”"
            ) from None

    def remember(self, obj):
        for (model, key), known in self._cache.items():
            if model is type(obj):
                known[getattr(obj, key)] = obj

    def load(self) -> LoadReport:
        for record_type in RECORD_TYPES:
            for key, entry in parents_first(record_type, self.entries.get(record_type.name, {})):
                try:
                    with transaction.atomic():
                        self.load_record(record_type, key, entry.data)
                except (ValidationError, LookupError, OSError) as error:
                    self.problems.append(
                        f"{record_type.name} “{key}” ({', '.join(entry.files)}): {describe(error)}"
                    )
        if self.problems:
            raise FixtureError(self.problems)
        return self.report

    def load_record(self, record_type: RecordType, key: str, data: dict):
        with version():  # the record and its links as one version (coherence.versions)
            self._load_record(record_type, key, data)

    def _load_record(self, record_type: RecordType, key: str, data: dict):
        if record_type.model is SlugRedirect:
            self.load_redirect(record_type, key, data)
            return
        if record_type.writer is not None:
            writer = self._writers.setdefault(record_type.name, record_type.writer())
            created, changed = writer.load(key, data)
            if changed:
                # Touch the record it sets, so partners syncing by `updated_at` see it.
                record_save(record=writer.record, reason=CHANGE_REASON)
            self.count(record_type, created, changed)
            return
        model = record_type.model
        obj = model._default_manager.filter(**{record_type.key: key}).first()
        created = obj is None
        if created:
            obj = model(**{record_type.key: key})
        changed = record_update(
            record=obj, fields=self.values(record_type, data), reason=CHANGE_REASON
        )
        if changed:
            self.remember(obj)
        if record_type.text_file and (changed or not obj.passages.exists()):
            rebuild_passages(obj)
        related_changed = self.write_relations(record_type, obj, data)
        if related_changed and not changed:
            # Touch the record so partners syncing by `updated_at` see the change.
            record_save(record=obj, reason=CHANGE_REASON)
        self.count(record_type, created, changed or related_changed)

    def load_redirect(self, record_type: RecordType, key: str, data: dict):
        """An old slug of a record of type `model` that `target` (of `target_model`, the
        same type unless a merge changed it) now answers for."""
        kinds = {}
        for name in ("model", "target_model"):
            kind = TYPES_BY_NAME.get(data.get(name) or data.get("model"))
            if kind is None or "slug" not in {f.name for f in kind.model._meta.fields}:
                raise LookupError(f"{name}: “{data.get(name)}” is not a record type with slugs")
            kinds[name] = kind.model
        target = kinds["target_model"]._default_manager.filter(slug=data.get("target")).first()
        if target is None:
            raise LookupError(
                f"no {kinds['target_model']._meta.verbose_name} “{data.get('target')}”"
            )
        content_type = ContentType.objects.get_for_model(kinds["model"])
        redirect = SlugRedirect.objects.filter(content_type=content_type, old_slug=key).first()
        created = redirect is None
        redirect = redirect or SlugRedirect(content_type=content_type, old_slug=key)
        wanted = {
            "target_type": ContentType.objects.get_for_model(kinds["target_model"]),
            "target_id": target.pk,
            "note": data.get("note", ""),
        }
        changed = created or any(getattr(redirect, k) != v for k, v in wanted.items())
        for name, value in wanted.items():
            setattr(redirect, name, value)
        redirect.full_clean()  # also when unchanged: the old record may have come back
        if changed:
            redirect.save()
        self.count(record_type, created, changed)

    def values(self, record_type: RecordType, data: dict) -> dict:
        """The record's own fields as the fixture gives them (defaults where it is
        silent), its references resolved, its text read from its file."""
        model = record_type.model
        values = {name: data.get(name, _default(model, name)) for name in record_type.fields}
        # Translations only where the fixtures give them: an editor's own stays.
        values.update(
            (name, data[name]) for name in record_type.translated_fields if data.get(name)
        )
        for name, ref in record_type.refs.items():
            values[name] = self.resolve(ref, data.get(name))
        if record_type.publishable:
            values["editorial_state"] = data.get("editorial_state", EditorialState.PUBLISHED)
        if record_type.text_file:
            values["text"] = (
                Path(data["text_file"]).read_text(encoding="utf-8") if data.get("text_file") else ""
            )
        return values

    def write_relations(self, record_type: RecordType, obj, data: dict) -> bool:
        """The record's lists of related records, links with roles and citations, as
        the fixture gives them. Returns whether any changed."""
        changed = False
        for name, ref in record_type.many.items():
            targets = [self.resolve(ref, value) for value in data.get(name, [])]
            changed |= many_set(record=obj, field=name, targets=targets)
        if record_type.links:
            changed |= services.practice_set_links(practice=obj, **self.links(record_type, data))
        citations = self.citations(data) if record_type.citations else []
        if record_type.citations:
            changed |= citations_set(record=obj, citations=citations)
        if record_type.many or record_type.links:
            validate_required_many(record_type, obj)
        # A published record cites (the load of this record is rolled back if not).
        problem = publication_problem(record=obj, citations=len(citations))
        if problem:
            raise ValidationError({"citations": problem})
        return changed

    def links(self, record_type: RecordType, data: dict) -> dict[str, list[services.Link]]:
        found = {}
        for name, link in record_type.links.items():
            found[name] = []
            for item in data.get(name, []):
                item = item if isinstance(item, dict) else {link.key: item}
                target = self.resolve(link.target, item.get(link.key))
                found[name].append(services.Link(target, item.get("role", link.default_role)))
        return found

    def citations(self, data: dict) -> list[CitationData]:
        found = []
        for item in data.get("citations", []):
            source: SourceDocument | None = self.resolve(
                SLUG_OF[SourceDocument], item.get("source")
            )
            if source is None:
                raise LookupError("a citation needs a source")
            found.append(CitationData(source, item.get("locator", ""), item.get("quote", "")))
        return found

    def count(self, record_type: RecordType, created: bool, changed: bool) -> None:
        name = record_type.name
        if created:
            self.report.created[name] += 1
        elif changed:
            self.report.updated[name] += 1
        else:
            self.report.unchanged[name] += 1


def validate_required_many(record_type: RecordType, obj):
    for name in record_type.many:
        field_ = record_type.model._meta.get_field(name)
        if not field_.blank and not getattr(obj, name).exists():
            raise ValidationError({name: f"at least one {field_.verbose_name} is required"})


def parents_first(record_type: RecordType, entries: dict[str, Entry]):
    """The entries in file order, except that a record naming another of its own type
    (an institution's parent) comes after that other record."""
    own = [name for name, ref in record_type.refs.items() if ref.model is record_type.model]
    done: set[str] = set()

    def visit(key, trail=()):
        if key in done or key not in entries or key in trail:
            return
        for name in own:
            visit(entries[key].data.get(name), (*trail, key))
        done.add(key)
        yield_order.append(key)

    yield_order: list[str] = []
    for key in entries:
        visit(key)
    return [(key, entries[key]) for key in yield_order]


def _default(model, name):
    model_field = model._meta.get_field(name)
    if model_field.has_default():
        return model_field.get_default()
    return None if model_field.null else ""


def describe(error) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
