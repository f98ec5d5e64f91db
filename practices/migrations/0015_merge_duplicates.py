"""Merge the records stored twice (issue 21, the one-record rule) in a database loaded
before the fixtures were merged: each merged-away record's citations and links move to
the record kept, it is deleted (with a "deleted" row in its history) and its slug
redirects to the record kept. The change feed is marked for both and for what showed the
one deleted, so that partners read it as deleted and the survivor as updated. On a new
database there is nothing to merge: the loader writes the redirects
(fixtures/knowledge/shared/redirects.json)."""

import uuid

from django.db import migrations
from django.utils import timezone

from coherence.merging import merge_record

NOTE = "Merged (issue 21): the same {} stored twice"

# (app, model, old slug, app, model, slug kept). Institutions first: the practices'
# institution links then move once.
MERGES = [
    ("coherence", "institution", "euro-africa-ministerial-conference",
     "coherence", "institution", "rabat-process"),
    ("practices", "practice", "euro-africa-ministerial-dialogue-on-migration-and-development",
     "practices", "practice", "rabat-process-eu-africa"),
    ("practices", "practice", "eu-mobility-partnerships-eastern-and-southern-neighbourhood",
     "practices", "practice", "eu-mobility-partnerships-and-regional-dialogues"),
    ("practices", "practice", "regional-processes-prepare-common-approaches-for-the-gfmd",
     "practices", "recommendation", "2008-rt33-rcps-prepare-common-approaches-for-the-gfmd"),
    ("practices", "practice", "feeding-gfmd-lessons-back-to-regional-consultative-processes",
     "practices", "recommendation", "2008-rt33-feed-gfmd-lessons-back-to-rcps"),
    ("practices", "practice",
     "meeting-of-chairs-and-secretariats-of-regional-consultative-processes-2009",
     "practices", "recommendation", "2008-rt33-iom-meeting-of-rcp-chairs-and-secretariats"),
]

FEED_TYPE = {"practice": "practice", "institution": "institution", "recommendation": "recommendation"}


def shown_by(apps, model_name, record):
    """The change feed's resources that show `record` (practices/feed/rules.py), read
    before it goes."""
    marks = set()
    if model_name == "practice":
        PracticeCountry = apps.get_model("practices", "PracticeCountry")
        PracticeInstitution = apps.get_model("practices", "PracticeInstitution")
        Country = apps.get_model("coherence", "Country")
        countries = list(
            PracticeCountry.objects.filter(practice=record).values_list("country_id", flat=True)
        )
        marks |= {("country", pk) for pk in countries}
        for row in Country.objects.filter(pk__in=countries).values_list(
            "region_id", "subregion_id", "intermediate_region_id"
        ):
            marks |= {("region", pk) for pk in row if pk}
        marks |= {
            ("institution", pk)
            for pk in PracticeInstitution.objects.filter(practice=record).values_list(
                "institution_id", flat=True
            )
        }
        for field, kind in (
            ("coherence_levels", "coherence-level"),
            ("elements", "element"),
            ("themes", "theme"),
            ("tools", "tool"),
        ):
            marks |= {(kind, pk) for pk in getattr(record, field).values_list("pk", flat=True)}
    elif model_name == "institution":
        PracticeInstitution = apps.get_model("practices", "PracticeInstitution")
        marks |= {
            ("practice", pk)
            for pk in PracticeInstitution.objects.filter(institution=record).values_list(
                "practice_id", flat=True
            )
        }
        if record.country_id:
            marks.add(("country", record.country_id))
        if record.parent_id:
            marks.add(("institution", record.parent_id))
        marks |= {("tool", pk) for pk in record.tools.values_list("pk", flat=True)}
    return marks


def write_deleted_history(apps, app_label, model_name, record, reason):
    try:
        History = apps.get_model(app_label, f"historical{model_name}")
    except LookupError:
        return
    values = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    History.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="-",
        history_change_reason=reason[:100],
    )


def merge_duplicates(apps, schema_editor):
    FeedPending = apps.get_model("practices", "FeedPending")
    DataVersion = apps.get_model("coherence", "DataVersion")
    merged = False
    for app, name, old, target_app, target_name, kept in MERGES:
        Model = apps.get_model(app, name)
        Target = apps.get_model(target_app, target_name)
        source = Model.objects.filter(slug=old).first()
        target = Target.objects.filter(slug=kept).first()
        if source is None or target is None:
            continue
        marks = shown_by(apps, name, source)
        source_pk = source.pk
        note = NOTE.format(name)
        write_deleted_history(apps, app, name, source, f"Merged into {kept}")
        merge_record(source=source, target=target, note=note, apps=apps)
        marks.add((FEED_TYPE[name], source_pk))
        FeedPending.objects.bulk_create(
            [FeedPending(type=kind, object_id=pk) for kind, pk in sorted(marks)]
            + [FeedPending(type=FEED_TYPE[target_name], object_id=target.pk, expand=True)]
        )
        merged = True
    if merged:
        DataVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("coherence", "0006_slug_redirects"),
        ("practices", "0014_addressees_and_suggested_by"),
        ("search", "0001_initial"),
    ]

    operations = [migrations.RunPython(merge_duplicates, migrations.RunPython.noop)]
