"""The 2017 paper's para. 24 names two pairs of neighbouring countries (Malaysia and
Indonesia, Myanmar and Thailand) where coherence between origin and destination matters
most. That is a challenge the paper names, not a finding about each country's coherence:
the four findings and their question leave (the challenge
`2017-challenge-bilateral-frameworks-lack-coherence-between-neighbours`, linked to the four
countries, comes with the fixtures). Their citations go with them, each deletion is
written to the findings' history, and the four countries are marked for the change feed
(their representation lists their findings)."""

from django.db import migrations
from django.utils import timezone

QUESTION = "neighbouring-origin-destination-pair-2017"
REASON = "Moved to a challenge (2017 para. 24)"


def forwards(apps, schema_editor):
    CountryFinding = apps.get_model("practices", "CountryFinding")
    HistoricalCountryFinding = apps.get_model("practices", "HistoricalCountryFinding")
    Question = apps.get_model("practices", "Question")
    Citation = apps.get_model("coherence", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    FeedPending = apps.get_model("practices", "FeedPending")
    findings = list(CountryFinding.objects.filter(question__slug=QUESTION))
    content_type = ContentType.objects.filter(app_label="practices", model="countryfinding").first()
    now = timezone.now()
    for finding in findings:
        fields = {
            field.attname: getattr(finding, field.attname)
            for field in CountryFinding._meta.concrete_fields
        }
        HistoricalCountryFinding.objects.create(
            **fields,
            history_date=now,
            history_type="-",
            history_change_reason=REASON,
        )
    if findings and content_type is not None:
        Citation.objects.filter(
            content_type=content_type, object_id__in=[finding.pk for finding in findings]
        ).delete()
    FeedPending.objects.bulk_create(
        [FeedPending(type="country", object_id=pk) for pk in {f.country_id for f in findings}]
    )
    CountryFinding.objects.filter(pk__in=[finding.pk for finding in findings]).delete()
    Question.objects.filter(slug=QUESTION, findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0015_merge_duplicates"),
        ("coherence", "0006_slug_redirects"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
