"""The 2012 workshop's co-chairs, moderators and participants, and the GFMD chairs the
report names, were stored as country findings; they are roles at events now
(`coherence.Participation`, seeded from fixtures/knowledge/*/roles.json). Delete those
findings and their citations (docs/decisions/0015-events-status-membership.md)."""

from django.db import migrations

MOVED = [
    "che-pcd-workshop-co-chair-2012",
    "fin-pcd-workshop-co-chair-2012",
    "mar-gfmd-pcd-working-group-co-chair-2012",
    "mus-gfmd-chair-in-office-2012",
    "che-gfmd-chair-in-office",
    "jam-pcd-workshop-key-inputs-2012",
    "che-pcd-workshop-key-inputs-2012",
    "phl-pcd-workshop-key-inputs-2012",
    "nga-pcd-workshop-key-inputs-2012",
    "mus-pcd-workshop-key-inputs-2012",
    "mex-pcd-workshop-key-inputs-2012",
    "swe-pcd-workshop-key-inputs-2012",
    "fin-pcd-workshop-session-moderator-2012",
    "che-pcd-workshop-session-moderator-2012",
]


def forwards(apps, schema_editor):
    CountryFinding = apps.get_model("practices", "CountryFinding")
    Citation = apps.get_model("coherence", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ids = list(CountryFinding.objects.filter(slug__in=MOVED).values_list("pk", flat=True))
    if not ids:
        return
    content_type = ContentType.objects.filter(app_label="practices", model="countryfinding").first()
    if content_type is not None:
        Citation.objects.filter(content_type=content_type, object_id__in=ids).delete()
    CountryFinding.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0008_practice_status_reports"),
        ("coherence", "0004_events_people_memberships"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
