"""Backing up and restoring the knowledge base (docs/operations.md): a restore brings back
the same records, the same history and the same change feed, on SQLite and PostgreSQL.

Each round trip writes records with their history here, backs them up, restores the
backup into a fresh database in another process (as an operator would, with
`DATABASE_URL` pointing at the new database) and compares what that process reads with
what this one read before the backup.
"""

import datetime
import decimal
import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F
from knox.models import AuthToken

from coherence import serialization
from coherence.models import Citation, Country, Institution, PolicyTool, Region
from coherence.passages import rebuild_passages
from practices import feed
from practices.api.changes import changes
from practices.models import (
    Addressee,
    CountryFinding,
    Practice,
    PracticeCountry,
    Recommendation,
)
from search import search
from search.models import ThesaurusEntry, ThesaurusTerm
from tests.databases import new_database, postgres_env
from tests.factories import (
    ChallengeFactory,
    CitationFactory,
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    CountryFindingFactory,
    DefinitionFactory,
    GcmObjectiveFactory,
    GcmPrincipleFactory,
    InstitutionFactory,
    MembershipFactory,
    ParticipationFactory,
    PolicyToolFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    PracticeStatusReportFactory,
    QuestionResultFactory,
    RecommendationFactory,
    RegionFactory,
    SdgTargetFactory,
    SessionFactory,
    SourceDocumentFactory,
    ThemeFactory,
    classify,
)

ROOT = Path(__file__).resolve().parent.parent

# Rows every database makes for itself (`migrate`), or that are another session's.
NOT_COMPARED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "practices.facetindexstate",  # a random token, new with every write
    "coherence.dataversion",  # likewise
    "practices.feedlock",  # a lock: how often it was taken says nothing
    # Derived from the index, with counts that writes keep only roughly (a new word counts
    # 1, a deleted record's words stay, until the index is rebuilt, as a restore does).
    "search.vocabularyword",
}


def _plain(value):
    """A value as JSON can hold it, with nothing lost (times keep their microseconds)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def snapshot() -> dict:
    """Every row of every table that holds data (the search index included, which a
    restore rebuilds), the change feed, and what a search finds. Content types and
    permissions are named by their natural keys, whose ids each database picks."""
    feed.process()  # the feed's entries of the writes so far, as once they committed
    names = {
        ContentType: {ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.all()},
        Permission: {
            permission.pk: [permission.content_type.app_label, permission.codename]
            for permission in Permission.objects.select_related("content_type")
        },
    }
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if not model._meta.managed or label in NOT_COMPARED:
            continue
        named = {
            field.attname: names[field.related_model]
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in names
        }
        rows = []
        for row in model._base_manager.order_by("pk").values():
            for column, name in named.items():
                row[column] = name.get(row[column])
            if model._meta.auto_created:
                # A many-to-many row: Django's dump keeps the pair, not the row's own id.
                del row["id"]
            rows.append({column: _plain(value) for column, value in row.items()})
        if model._meta.auto_created:
            rows.sort(key=lambda row: sorted(row.items()))
        tables[label] = rows
    return {
        "tables": tables,
        "changes": [
            [pk, kind, key, action, time.isoformat()] for pk, kind, key, action, time in changes()
        ],
        "search": sorted([hit.type, hit.key] for hit in search("remittances", limit=100).hits),
    }


def next_recommendation_id() -> int:
    """The id the next new recommendation gets (found by making one and rolling back)."""
    with transaction.atomic():
        pk = Recommendation.objects.create(slug="probe", title="Probe", text="Probe").pk
        transaction.set_rollback(True)
    return pk


def write_report(path: str) -> None:
    """Run in the process that reads the restored database."""
    report = snapshot()
    report["next_recommendation_id"] = next_recommendation_id()
    Path(path).write_text(json.dumps(report))


# Records with a history ---------------------------------------------------------------


@pytest.fixture
def records(superuser, django_user_model):
    """Practices, their links and citations, reference records and a history with
    creations, updates, link changes, a renaming, an unpublishing and deletions, some by
    a named editor; some history refers to records deleted since. A partner with a
    permission and an API token."""
    # The thesaurus editors curate is data, not derived: it is backed up.
    entry = ThesaurusEntry.objects.create(label="remittances", source="IOM Glossary on Migration")
    ThesaurusTerm.objects.create(entry=entry, text="remittances", language="en")
    ThesaurusTerm.objects.create(entry=entry, text="remesas", language="es", kind="translation")
    partner = django_user_model.objects.create_user("partner")
    partner.user_permissions.add(Permission.objects.get(codename="change_practice"))
    AuthToken.objects.create(user=partner)

    # Parts made before the whole they belong to: the dump names a record not loaded yet.
    western = RegionFactory(slug="western-africa", name="Western Africa", m49=11, kind="subregion")
    africa = RegionFactory(slug="africa", name="Africa", m49=2)
    western.parent = africa
    western.save()
    mexico = CountryFactory(iso3="MEX", iso2="MX", name="Mexico", region=africa)
    senegal = CountryFactory(iso3="SEN", iso2="SN", name="Senegal", subregion=western)
    gone_region = RegionFactory(slug="atlantis", name="Atlantis", m49=999)
    gone_country = CountryFactory(iso3="ATL", iso2="AT", name="Atlantis", region=gone_region)

    levels = [CoherenceLevelFactory(), CoherenceLevelFactory()]
    elements = [CoherenceElementFactory(), CoherenceElementFactory()]
    remittances = ThemeFactory(slug="remittances", name="Remittances")
    diaspora = ThemeFactory(slug="diaspora", name="Diaspora engagement")

    source = SourceDocumentFactory(slug="paper-2008")
    rebuild_passages(source)

    bureau = InstitutionFactory(slug="bureau", country=gone_country)
    ministry = InstitutionFactory(slug="ministry", country=mexico)
    bureau.parent = ministry
    bureau.country = senegal  # its history keeps the country deleted below
    bureau.save()
    tool = PolicyToolFactory(slug="framework")
    tool.publishers.set([ministry, bureau])
    tool.countries.set([mexico, senegal])
    tool.coherence_levels.set(levels)

    three_per_one = PracticeFactory(
        slug="three-per-one",
        title="Three per One remittances programme",
        coherence_levels=levels,
        themes=[remittances],
        countries=[mexico],
    )
    three_per_one.elements.set(elements)
    three_per_one.tools.set([tool])
    PracticeInstitutionFactory(practice=three_per_one, institution=ministry)
    CitationFactory(content_object=three_per_one, source=source)
    three_per_one._history_user = superuser
    three_per_one.title = "Three per One (3x1) remittances programme"
    three_per_one.save()
    three_per_one.themes.add(diaspora)
    # The knowledge base's classification (records keyed by number and code).
    classify(
        three_per_one,
        objectives=[GcmObjectiveFactory(number=20)],
        principles=[GcmPrincipleFactory(number=9)],
        targets=[SdgTargetFactory(code="10.c")],
    )

    renamed = PracticeFactory(slug="old-name", countries=[senegal], themes=[remittances])
    renamed.slug = "new-name"
    renamed.save()

    unpublished = PracticeFactory(slug="withdrawn", themes=[diaspora])
    unpublished.editorial_state = "draft"
    unpublished.save()

    deleted = PracticeFactory(slug="deleted", countries=[mexico], themes=[remittances])
    PracticeInstitutionFactory(practice=deleted, institution=bureau)
    CitationFactory(content_object=deleted, source=source)
    deleted.delete()

    kept = RecommendationFactory(slug="coherence-starts-at-home", suggested_by=mexico)
    kept.addressed_to.set([Addressee.objects.get_or_create(slug="governments")[0]])
    kept.themes.set([remittances])
    kept.coherence_levels.set(levels[:1])
    CitationFactory(
        content_object=kept,
        source=source,
        locator="para. 3",
        quote="In Jamaica, an Overseas Department in the Ministry of Foreign Affairs",
    )
    newest = RecommendationFactory(slug="withdrawn-recommendation")
    newest.themes.set([diaspora])
    newest_id = newest.pk
    newest.delete()  # the newest: a restore must not give its id to a new one

    finding = CountryFindingFactory(country=senegal, element=elements[0])
    # Issue 21's records: one of each type a dump names by its natural key.
    QuestionResultFactory(question=finding.question)
    challenge = ChallengeFactory()
    challenge.countries.set([mexico])
    DefinitionFactory()
    PracticeStatusReportFactory(practice=three_per_one, source=source)
    session = SessionFactory(papers=[source])
    ParticipationFactory(event=session.event, session=session)
    MembershipFactory(country=senegal)
    gone_country.delete()
    gone_region.delete()
    return {"deleted_recommendation_id": newest_id}


def test_the_records_have_the_history_the_round_trips_need(records):
    """The fixture itself: history with every kind of change, and some that refers to
    records deleted since."""
    assert {"+", "~", "-"} <= set(Practice.history.values_list("history_type", flat=True))
    assert Practice.history.filter(history_user__username="editor").exists()
    assert PracticeCountry.history.exclude(practice_id__in=Practice.objects.values("pk")).exists()
    assert Institution.history.exclude(country_id__in=Country.objects.values("pk")).exists()
    assert Country.history.exclude(region_id__in=Region.objects.values("pk")).exists()
    assert PolicyTool.history.count() > 1
    assert Citation.objects.filter(passage__isnull=False).exists()
    assert CountryFinding.objects.exists()
    assert AuthToken.objects.filter(user__user_permissions__codename="change_practice").exists()
    assert Region.objects.filter(parent__pk__gt=F("pk")).exists()
    assert Institution.objects.filter(parent__pk__gt=F("pk")).exists()
    assert len(changes()) > 20


def test_every_record_with_a_natural_key_is_found_by_it(records):
    """What `loaddata` does with each natural key of a dump."""
    keyed = [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"coherence", "practices"} and hasattr(model, "natural_key")
    ]
    assert len(keyed) == 25
    for model in keyed:
        rows = list(model._default_manager.all())
        assert rows, model
        for record in rows:
            assert model._default_manager.get_by_natural_key(*record.natural_key()) == record


# Fresh databases -----------------------------------------------------------------------


def run(*args, database_url: str, check: bool = True) -> subprocess.CompletedProcess:
    """A command in another process, on the database at `database_url`."""
    env = {**os.environ, **postgres_env()} if connection.vendor == "postgresql" else os.environ
    done = subprocess.run(
        args,
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "coherence.settings",
            "DEBUG": "1",
            "DATABASE_URL": database_url,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def manage(*args, database_url: str, check: bool = True) -> subprocess.CompletedProcess:
    return run(sys.executable, "manage.py", *args, database_url=database_url, check=check)


@pytest.fixture
def empty_database(tmp_path):
    with new_database(tmp_path, "restored") as url:
        yield url


@pytest.fixture
def fresh_database(tmp_path, migrated_database):
    """A new database as `migrate` leaves it, for a restore."""
    with new_database(tmp_path, "restored", template=migrated_database) as url:
        yield url


def report_of(database_url: str, tmp_path: Path) -> dict:
    path = tmp_path / "report.json"
    run(
        sys.executable,
        "-c",
        "import django, sys; django.setup();"
        "from tests.test_backup_restore import write_report; write_report(sys.argv[1])",
        str(path),
        database_url=database_url,
    )
    return json.loads(path.read_text())


def assert_same(before: dict, after: dict) -> None:
    """Table by table, then the change feed, so that a failure names what differs."""
    assert after["tables"].keys() == before["tables"].keys()
    for label, rows in before["tables"].items():
        assert after["tables"][label] == rows, label
    assert after["changes"] == before["changes"]
    assert after["search"] == before["search"]


# Round trips --------------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def test_backup_and_restore_bring_back_the_same_records_history_and_changes(
    records, fresh_database, tmp_path
):
    before = snapshot()
    backup = tmp_path / "backup.json.gz"
    call_command("backup", str(backup), verbosity=0)

    manage("restore", str(backup), database_url=fresh_database)

    after = report_of(fresh_database, tmp_path)
    assert_same(before, after)
    assert before["search"], "the search finds something, before and after"
    assert after["next_recommendation_id"] > records["deleted_recommendation_id"], (
        "a new record would take the id, and so the history, of a deleted one"
    )


def test_loaddata_of_a_natural_key_dump_adds_no_history(records, fresh_database, tmp_path):
    """Django's own commands, as the issue ran them: a dump with natural keys loads, and
    loading it writes no history of its own."""
    before = snapshot()
    dump = tmp_path / "natural.json"
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=["contenttypes", "auth.permission", "sessions", "search"],
        output=str(dump),
        verbosity=0,
    )

    manage("loaddata", str(dump), "-v", "0", database_url=fresh_database)

    after = report_of(fresh_database, tmp_path)
    history = {label for label in before["tables"] if ".historical" in label}
    assert {label: len(after["tables"][label]) for label in history} == {
        label: len(before["tables"][label]) for label in history
    }
    assert after["changes"] == before["changes"]


def test_restore_refuses_a_database_that_holds_data(records, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup), verbosity=0)
    before = snapshot()

    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup), verbosity=0)

    assert snapshot() == before


def test_restore_refuses_a_database_without_tables(records, empty_database, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup), verbosity=0)

    done = manage("restore", str(backup), database_url=empty_database, check=False)

    assert done.returncode != 0
    assert "not migrated: run `manage.py migrate` first" in done.stderr


def test_backup_refuses_a_file_name_restore_could_not_read(tmp_path):
    with pytest.raises(CommandError, match=r"Name the file \*\.json"):
        call_command("backup", str(tmp_path / "backup.gz"), verbosity=0)
    assert not (tmp_path / "backup.gz").exists()


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_shows_the_database_at_one_moment(tmp_path, monkeypatch):
    """A write made while the dump runs is not in it, even in the tables read after it:
    a backup taken while editors work loads without broken links."""
    PracticeFactory(slug="before")
    written = []

    def write_a_practice():
        try:
            PracticeFactory(slug="meanwhile")
            written.append(True)
        finally:
            connection.close()  # this thread's own connection

    start_object = serialization.Serializer.start_object

    def write_meanwhile(serializer, obj):
        if not written:
            thread = threading.Thread(target=write_a_practice)
            thread.start()
            thread.join()
        start_object(serializer, obj)

    monkeypatch.setattr(serialization.Serializer, "start_object", write_meanwhile)
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup), verbosity=0)

    dumped = json.loads(backup.read_text())
    assert written
    assert [row["fields"]["slug"] for row in dumped if row["model"] == "practices.practice"] == [
        "before"
    ]
    assert Practice.objects.filter(slug="meanwhile").exists()


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_bring_back_the_same_records_history_and_changes(
    records, empty_database, tmp_path
):
    before = snapshot()
    dump = tmp_path / "backup.dump"
    run(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        f"--file={dump}",
        connection.settings_dict["NAME"],
        database_url=empty_database,
    )

    run(
        "pg_restore",
        "--no-owner",
        "--exit-on-error",
        f"--dbname={empty_database.rsplit('/', 1)[1]}",
        str(dump),
        database_url=empty_database,
    )

    assert_same(before, report_of(empty_database, tmp_path))
