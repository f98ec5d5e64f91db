"""Load the curated seed data in `fixtures/` into the database.

Every fixture file is a JSON object `{"type": "<record type>", "records": [...]}` whose
records name each other by natural key (slugs and ISO alpha-3 codes), never by primary
key. The same record may appear in several files (an institution named by two papers):
the loader merges them, provided their values agree, and unions their lists and
citations. Loading is idempotent: a record that already matches its fixture is left
untouched (no write, no history entry), a record whose fixture changed is updated in
place, and nothing outside the fixtures is deleted. See `fixtures/README.md`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    EditorialState,
    Institution,
    PolicyTool,
    Region,
    SourceDocument,
    Theme,
)
from coherence.passages import rebuild_passages
from coherence.text import normalize

from .models import CountryFinding, Practice, PracticeCountry, PracticeInstitution, Recommendation

CHANGE_REASON = "Loaded from the seed fixtures"


class FixtureError(Exception):
    """The fixtures are inconsistent or invalid; `problems` lists every one found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Ref:
    """A field naming another record by its natural key."""

    model: type[models.Model]
    key: str


@dataclass(frozen=True)
class Link:
    """A list of related records with a role, stored in a through model."""

    through: type[models.Model]
    target_field: str
    target: Ref
    key: str
    default_role: str


@dataclass(frozen=True)
class RecordType:
    name: str
    model: type[models.Model]
    key: str
    fields: tuple[str, ...] = ()
    refs: dict[str, Ref] = field(default_factory=dict)
    many: dict[str, Ref] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    citations: bool = False
    text_file: bool = False

    @property
    def publishable(self) -> bool:
        return any(f.name == "editorial_state" for f in self.model._meta.fields)

    @property
    def allowed(self) -> set[str]:
        names = {self.key, *self.fields, *self.refs, *self.many, *self.links}
        if self.citations:
            names.add("citations")
        if self.text_file:
            names.add("text_file")
        if self.publishable:
            names.add("editorial_state")
        return names


SLUG_OF = {
    model: Ref(model, "slug")
    for model in (
        Region,
        CoherenceLevel,
        CoherenceElement,
        Theme,
        SourceDocument,
        Institution,
        PolicyTool,
    )
}
COUNTRY = Ref(Country, "iso3")

# In dependency order: a record type only refers to types listed before it.
RECORD_TYPES = [
    RecordType("region", Region, "slug", ("name", "m49", "kind"), refs={"parent": SLUG_OF[Region]}),
    RecordType(
        "country",
        Country,
        "iso3",
        ("iso2", "m49", "name", "formal_name"),
        refs={
            "region": SLUG_OF[Region],
            "subregion": SLUG_OF[Region],
            "intermediate_region": SLUG_OF[Region],
        },
    ),
    RecordType(
        "source",
        SourceDocument,
        "slug",
        (
            "title",
            "short_title",
            "year",
            "event",
            "session",
            "authors",
            "kind",
            "url",
        ),
        text_file=True,
    ),
    RecordType(
        "coherence_level", CoherenceLevel, "slug", ("name", "definition", "order"), citations=True
    ),
    RecordType(
        "coherence_element",
        CoherenceElement,
        "slug",
        ("name", "description", "order"),
        citations=True,
    ),
    RecordType("theme", Theme, "slug", ("name", "description")),
    RecordType(
        "institution",
        Institution,
        "slug",
        ("name", "acronym", "kind", "year_established", "description", "website"),
        refs={"country": COUNTRY, "parent": SLUG_OF[Institution]},
        citations=True,
    ),
    RecordType(
        "tool",
        PolicyTool,
        "slug",
        ("name", "acronym", "kind", "category", "year", "url", "description"),
        many={
            "publishers": SLUG_OF[Institution],
            "countries": COUNTRY,
            "coherence_levels": SLUG_OF[CoherenceLevel],
        },
        citations=True,
    ),
    RecordType(
        "practice",
        Practice,
        "slug",
        (
            "title",
            "summary",
            "description",
            "scope",
            "start_year",
            "end_year",
            "status",
            "outcomes",
            "challenges",
        ),
        many={
            "tools": SLUG_OF[PolicyTool],
            "coherence_levels": SLUG_OF[CoherenceLevel],
            "elements": SLUG_OF[CoherenceElement],
            "themes": SLUG_OF[Theme],
        },
        links={
            "countries": Link(PracticeCountry, "country", COUNTRY, "iso3", "implementing"),
            "institutions": Link(
                PracticeInstitution, "institution", SLUG_OF[Institution], "slug", "lead"
            ),
        },
        citations=True,
    ),
    RecordType(
        "recommendation",
        Recommendation,
        "slug",
        ("title", "text", "kind", "addressed_to"),
        many={"coherence_levels": SLUG_OF[CoherenceLevel], "themes": SLUG_OF[Theme]},
        citations=True,
    ),
    RecordType(
        "finding",
        CountryFinding,
        "slug",
        ("question", "statement", "value", "year"),
        refs={"country": COUNTRY, "element": SLUG_OF[CoherenceElement]},
        citations=True,
    ),
]
TYPES_BY_NAME = {record_type.name: record_type for record_type in RECORD_TYPES}


@dataclass
class Entry:
    """A record as the fixtures give it, merged across files."""

    data: dict
    files: list[str]


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def lines(self):
        for record_type in RECORD_TYPES:
            name = record_type.name
            total = self.created[name] + self.updated[name] + self.unchanged[name]
            if total:
                yield (
                    f"{name}: {total} ({self.created[name]} created, "
                    f"{self.updated[name]} updated, {self.unchanged[name]} unchanged)"
                )


# Reading and merging -----------------------------------------------------------------


def fixture_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.json") if path.is_file())


def read_fixtures(root: Path) -> dict[str, dict[str, Entry]]:
    """Every record of every fixture file under `root`, by type and natural key."""
    entries: dict[str, dict[str, Entry]] = defaultdict(dict)
    problems = []
    for path in fixture_files(root):
        label = str(path.relative_to(root))
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{label}: not readable as JSON ({error})")
            continue
        record_type = (
            TYPES_BY_NAME.get(document.get("type")) if isinstance(document, dict) else None
        )
        if record_type is None:
            problems.append(
                f'{label}: the file must be an object with a "type" among '
                f'{", ".join(TYPES_BY_NAME)} and a list of "records"'
            )
            continue
        for index, record in enumerate(document.get("records", [])):
            where = f"{label}, record {index + 1}"
            if not isinstance(record, dict) or not record.get(record_type.key):
                problems.append(f"{where}: a {record_type.name} needs its key “{record_type.key}”")
                continue
            unknown = set(record) - record_type.allowed
            if unknown:
                problems.append(
                    f"{where} ({record[record_type.key]}): unknown field(s) {', '.join(sorted(unknown))}"
                )
                continue
            if record_type.text_file and record.get("text_file"):
                record = {**record, "text_file": str((path.parent / record["text_file"]).resolve())}
            key = record[record_type.key]
            if record_type.model is Country:
                key = key.upper()
            existing = entries[record_type.name].get(key)
            if existing is None:
                entries[record_type.name][key] = Entry(dict(record), [label])
            else:
                problems.extend(
                    f"{record_type.name} “{key}” ({', '.join([*existing.files, label])}): {problem}"
                    for problem in merge_into(existing.data, record, record_type)
                )
                existing.files.append(label)
    if problems:
        raise FixtureError(problems)
    return entries


def _citation_identity(citation: dict):
    return (citation.get("source"), citation.get("locator"), normalize(citation.get("quote", "")))


def _link_identity(record_type: RecordType, name: str, item):
    link = record_type.links[name]
    return item.get(link.key) if isinstance(item, dict) else item


def merge_into(target: dict, other: dict, record_type: RecordType) -> list[str]:
    """Merge `other` into `target`; return the conflicts found."""
    problems = []
    for name, value in other.items():
        current = target.get(name)
        if name == "citations":
            known = {_citation_identity(c) for c in current or []}
            target["citations"] = [*(current or [])] + [
                c for c in value if _citation_identity(c) not in known
            ]
        elif name in record_type.links:
            merged = {_link_identity(record_type, name, item): item for item in current or []}
            for item in value:
                identity = _link_identity(record_type, name, item)
                if identity in merged and merged[identity] != item:
                    problems.append(f"{name}: “{identity}” is given with different roles")
                merged.setdefault(identity, item)
            target[name] = list(merged.values())
        elif name in record_type.many:
            target[name] = list(dict.fromkeys([*(current or []), *value]))
        elif current in (None, "", []):
            target[name] = value
        elif value not in (None, "", []) and value != current:
            problems.append(f"{name}: “{current}” in one file, “{value}” in another")
    return problems


# Writing -----------------------------------------------------------------------------


class Loader:
    def __init__(self, entries: dict[str, dict[str, Entry]]):
        self.entries = entries
        self.report = LoadReport()
        self.problems: list[str] = []
        self._cache: dict[tuple, dict[str, models.Model]] = {}

    def resolve(self, ref: Ref, value):
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
        model = record_type.model
        obj = model._default_manager.filter(**{record_type.key: key}).first()
        created = obj is None
        if created:
            obj = model(**{record_type.key: key})

        values = {}
        for name in record_type.fields:
            values[name] = data.get(name, _default(model, name))
        for name, ref in record_type.refs.items():
            values[name] = self.resolve(ref, data.get(name))
        if record_type.publishable:
            values["editorial_state"] = data.get("editorial_state", EditorialState.PUBLISHED)
        if record_type.text_file:
            values["text"] = (
                Path(data["text_file"]).read_text(encoding="utf-8") if data.get("text_file") else ""
            )

        changed = created
        for name, value in values.items():
            if name in record_type.refs:
                # Compare ids: reading an unset required relation of a new record raises.
                current = getattr(obj, model._meta.get_field(name).attname)
                differs = current != (value.pk if value is not None else None)
            else:
                differs = getattr(obj, name) != value
            if differs:
                setattr(obj, name, value)
                changed = True
        if changed:
            obj.full_clean()
            obj._change_reason = CHANGE_REASON
            obj.save()
            self.remember(obj)
        if record_type.text_file and (changed or not obj.passages.exists()):
            rebuild_passages(obj)

        related_changed = self.sync_many(record_type, obj, data)
        related_changed |= self.sync_links(record_type, obj, data)
        if record_type.citations:
            related_changed |= self.sync_citations(obj, data.get("citations", []))
        if record_type.many or record_type.links:
            self.validate_required_many(record_type, obj)

        if created:
            self.report.created[record_type.name] += 1
        elif changed or related_changed:
            if not changed:
                # Touch the record so partners syncing by `updated_at` see the change.
                obj._change_reason = CHANGE_REASON
                obj.save()
            self.report.updated[record_type.name] += 1
        else:
            self.report.unchanged[record_type.name] += 1

    def sync_many(self, record_type: RecordType, obj, data) -> bool:
        changed = False
        for name, ref in record_type.many.items():
            wanted = {self.resolve(ref, value).pk for value in data.get(name, [])}
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
                changed = True
        return changed

    def sync_links(self, record_type: RecordType, obj, data) -> bool:
        changed = False
        for name, link in record_type.links.items():
            wanted = {}
            for item in data.get(name, []):
                item = item if isinstance(item, dict) else {link.key: item}
                target = self.resolve(link.target, item.get(link.key))
                wanted[target.pk] = item.get("role", link.default_role)
            existing = {
                getattr(row, f"{link.target_field}_id"): row
                for row in link.through.objects.filter(practice=obj)
            }
            for target_pk, row in existing.items():
                if target_pk not in wanted:
                    row.delete()
                    changed = True
            for target_pk, role in wanted.items():
                row = existing.get(target_pk)
                if row is None:
                    row = link.through(
                        practice=obj, role=role, **{f"{link.target_field}_id": target_pk}
                    )
                elif row.role == role:
                    continue
                row.role = role
                row.full_clean()
                row.save()
                changed = True
        return changed

    def sync_citations(self, obj, citations: list[dict]) -> bool:
        content_type = ContentType.objects.get_for_model(obj)
        existing = list(Citation.objects.filter(content_type=content_type, object_id=obj.pk))
        wanted = []
        for item in citations:
            source = self.resolve(SLUG_OF[SourceDocument], item.get("source"))
            if source is None:
                raise LookupError("a citation needs a source")
            wanted.append((source, item.get("locator", ""), item.get("quote", "")))
        wanted_ids = {(s.pk, loc, normalize(q)) for s, loc, q in wanted}
        changed = False
        kept = set()
        for citation in existing:
            identity = (citation.source_id, citation.locator, normalize(citation.quote))
            if identity in wanted_ids and identity not in kept:
                kept.add(identity)
            else:
                citation.delete()
                changed = True
        for source, locator, quote in wanted:
            if (source.pk, locator, normalize(quote)) in kept:
                continue
            citation = Citation(
                content_type=content_type,
                object_id=obj.pk,
                source=source,
                locator=locator,
                quote=quote,
            )
            citation.full_clean()
            citation.save()
            kept.add((source.pk, locator, normalize(quote)))
            changed = True
        return changed

    def validate_required_many(self, record_type: RecordType, obj):
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


def load_knowledge_base(root: Path) -> LoadReport:
    """Load every fixture under `root` in one transaction; raise FixtureError on any problem
    (and then leave the database as it was)."""
    entries = read_fixtures(root)
    with transaction.atomic():
        return Loader(entries).load()
