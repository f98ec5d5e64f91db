"""A record's history in the admin reads as what changed (fields, links with roles,
citations), and a revert restores the links and citations of a version, not only its
fields."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from coherence.history.comparison import word_diff
from coherence.history.revert import record_revert
from coherence.models import Citation
from coherence.services import CitationData, citations_set, record_save, record_write
from coherence.versions import version
from practices.models import Practice
from practices.services import Link, practice_create, practice_update
from tests import factories
from tests.forms import form_data

pytestmark = pytest.mark.django_db

CITATIONS = "coherence-citation-content_type-object_id"
QUOTE_REMITTANCES = (
    "Mexico has implemented several programs to promote the development effects of remittances"
)
QUOTE_3X1 = "one of which is called “Three per One” (3x1)."
QUOTE_JAMAICA = "an Overseas Department in the Ministry of Foreign Affairs"


@pytest.fixture
def world():
    source = factories.SourceDocumentFactory(title="Background paper", short_title="")
    return {
        "mex": factories.CountryFactory(iso3="MEX", name="Mexico"),
        "per": factories.CountryFactory(iso3="PER", name="Peru"),
        "phl": factories.CountryFactory(iso3="PHL", name="Philippines"),
        "bureau": factories.InstitutionFactory(name="Diaspora Bureau"),
        "ministry": factories.InstitutionFactory(name="Ministry of Finance"),
        "level": factories.CoherenceLevelFactory(name="Whole of government"),
        "theme": factories.ThemeFactory(name="Remittances"),
        "source": source,
    }


@pytest.fixture
def practice(world):
    with version():  # one version, as the admin and the loader write a record with citations
        return _practice(world)


def _practice(world):
    practice = practice_create(
        fields={
            "title": "Three per One",
            "slug": "three-per-one",
            "summary": "Matches migrants' contributions with public funds.",
            "scope": "national",
            "editorial_state": "published",
        },
        countries=[Link(world["mex"], "implementing"), Link(world["per"], "partner")],
        institutions=[Link(world["bureau"], "lead")],
        coherence_levels=[world["level"]],
        themes=[world["theme"]],
    )
    citations_set(
        record=practice,
        citations=[CitationData(source=world["source"], locator="para. 2", quote=QUOTE_3X1)],
    )
    return practice


def history_page(client, practice):
    response = client.get(reverse("admin:practices_practice_history", args=[practice.pk]))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def revert_url(practice, row):
    return reverse("admin:practices_practice_simple_history", args=[practice.pk, row.pk])


def test_a_write_with_its_links_is_one_version_holding_them(practice, world):
    assert practice.history.count() == 1
    first = practice.history.get()
    assert [link.theme_id for link in first.themes.all()] == [world["theme"].pk]
    practice_update(practice=practice, fields={}, themes=[world["theme"], factories.ThemeFactory()])
    # One row for the change of links, not one per added or removed link.
    assert practice.history.count() == 2
    assert practice.history.first().themes.count() == 2


def test_an_inline_only_change_shows_what_the_inlines_changed(admin_client, practice, world):
    data = form_data(admin_client.get(change_url(practice)).content.decode(), "practice_form")
    rows = {data[f"country_links-{i}-country"][0]: i for i in range(2)}
    data[f"country_links-{rows[str(world['per'].pk)]}-DELETE"] = "on"
    data[f"country_links-{rows[str(world['mex'].pk)]}-role"] = "partner"
    data.update(
        {
            "country_links-TOTAL_FORMS": "3",
            "country_links-2-country": str(world["phl"].pk),
            "country_links-2-role": "implementing",
        }
    )
    response = admin_client.post(change_url(practice), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert practice.history.count() == 2

    page = text_of(history_page(admin_client, practice))
    assert "Countries: + Philippines (Implementing) − Peru Mexico: Implementing → Partner" in page
    assert "Saved without changes" not in page


def test_a_citation_edit_shows_the_quote_word_by_word(admin_client, practice):
    data = form_data(admin_client.get(change_url(practice)).content.decode(), "practice_form")
    data[f"{CITATIONS}-0-quote"] = QUOTE_REMITTANCES
    assert admin_client.post(change_url(practice), data).status_code == 302

    page = history_page(admin_client, practice)
    assert "Background paper (2008), para. 2, quote edited" in text_of(page)
    assert "<del>one of which is called “Three per One” (3x1).</del>" in page
    assert "<ins>Mexico has implemented several programs" in page
    # Nothing is said twice: the edit is not also a removal and an addition.
    assert "− Background paper" not in text_of(page)


def test_field_changes_show_old_and_new_and_long_text_word_by_word(admin_client, practice):
    practice_update(
        practice=practice,
        fields={"title": "Tres por Uno", "summary": "Matches migrants' gifts with public funds."},
    )
    page = history_page(admin_client, practice)
    assert "<del>Three per One</del> → <ins>Tres por Uno</ins>" in page
    assert "<del>contributions</del><ins>gifts</ins>" in page


def test_the_first_version_lists_the_links_it_was_created_with(admin_client, practice):
    page = text_of(history_page(admin_client, practice))
    assert "Countries: + Mexico (Implementing) + Peru (Partner)" in page
    assert "Institutions: + Diaspora Bureau (Lead)" in page
    assert "Citations: + Background paper (2008), para. 2 “one of which" in page


def test_no_change_reason_reads_none(admin_client, practice):
    practice_update(practice=practice, fields={"title": "Tres por Uno"})
    page = history_page(admin_client, practice)
    assert "None" not in page
    assert "<td>—</td>" in page


def test_history_page_queries_do_not_grow_with_versions(
    admin_client, practice, world, django_assert_max_num_queries
):
    url = reverse("admin:practices_practice_history", args=[practice.pk])
    for number in range(8):
        with version():  # the citations first: the practice's row then holds them
            citations_set(
                record=practice,
                citations=[
                    CitationData(
                        source=world["source"],
                        locator=f"para. {number}",
                        quote=QUOTE_3X1 if number % 2 else QUOTE_JAMAICA,
                    )
                ],
            )
            practice_update(
                practice=practice,
                fields={"title": f"Version {number}"},
                countries=[Link(world["mex"], "implementing" if number % 2 else "partner")],
                institutions=[Link(world["ministry" if number % 2 else "bureau"], "lead")],
            )
    # Session and user, the record, its history page and count, the row before the page,
    # 4 many-to-many snapshots, 5 kinds of link rows (countries, institutions and the
    # classification's three), citations, and one query per kind of record named
    # (countries, institutions, levels, themes, sources...).
    with django_assert_max_num_queries(22):
        response = admin_client.get(url)
    assert response.status_code == 200


def test_revert_restores_fields_countries_institutions_and_citations(practice, world):
    first = practice.history.get()
    practice_update(
        practice=practice,
        fields={"title": "Tres por Uno"},
        countries=[Link(world["phl"], "implementing")],
        institutions=[Link(world["ministry"], "partner")],
        themes=[factories.ThemeFactory()],
    )
    with version():
        citations_set(
            record=practice,
            citations=[
                CitationData(source=world["source"], locator="para. 3", quote=QUOTE_JAMAICA)
            ],
        )
        record_save(record=practice)  # a change of citations alone touches the record
    versions = practice.history.count()

    assert record_revert(record=practice, row=first, reason="Reverted") is True

    practice = Practice.objects.get(pk=practice.pk)
    assert practice.title == "Three per One"
    assert {(link.country.iso3, link.role) for link in practice.country_links.all()} == {
        ("MEX", "implementing"),
        ("PER", "partner"),
    }
    assert [(link.institution, link.role) for link in practice.institution_links.all()] == [
        (world["bureau"], "lead")
    ]
    assert list(practice.themes.all()) == [world["theme"]]
    assert [(c.locator, c.quote) for c in practice.citations.all()] == [("para. 2", QUOTE_3X1)]
    assert practice.history.count() == versions + 1
    assert practice.history.first().history_change_reason == "Reverted"

    # Reverting again changes nothing and writes nothing.
    assert record_revert(record=practice, row=first, reason="Reverted") is False
    assert practice.history.count() == versions + 1


def test_revert_of_a_record_with_plain_links(world):
    tool = factories.PolicyToolFactory()
    record_write(record=tool, fields={"name": "Toolbox"}, many={"countries": [world["mex"]]})
    first = tool.history.first()
    record_write(record=tool, fields={"name": "Kit"}, many={"countries": [world["phl"]]})
    assert record_revert(record=tool, row=first, reason="Reverted") is True
    tool.refresh_from_db()
    assert tool.name == "Toolbox" and list(tool.countries.all()) == [world["mex"]]


def test_revert_page_shows_what_it_will_change_and_restores_it(admin_client, practice, world):
    first = practice.history.get()
    practice_update(practice=practice, fields={}, countries=[Link(world["phl"], "partner")])

    page = text_of(admin_client.get(revert_url(practice, first)).content.decode())
    assert "Reverting to this version will change" in page
    assert "Countries: + Mexico (Implementing) + Peru (Partner) − Philippines" in page

    response = admin_client.post(revert_url(practice, first))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:practices_practice_history", args=[practice.pk])
    assert set(practice.countries.values_list("iso3", flat=True)) == {"MEX", "PER"}
    assert practice.history.first().history_user.username == "editor"

    page = text_of(admin_client.get(revert_url(practice, first)).content.decode())
    assert "reverting would change nothing" in page


def test_revert_needs_the_change_permission(client, django_user_model, practice, world):
    first = practice.history.get()
    practice_update(practice=practice, fields={}, countries=[Link(world["phl"], "partner")])
    viewer = django_user_model.objects.create_user("viewer", password="pw-viewer-123")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_practice"))
    client.force_login(viewer)

    page = client.get(revert_url(practice, first))
    assert page.status_code == 200
    assert "Revert to this version" not in page.content.decode()
    assert client.post(revert_url(practice, first)).status_code == 403
    assert list(practice.countries.values_list("iso3", flat=True)) == ["PHL"]


def test_a_version_that_cannot_be_restored_says_why(admin_client, practice, world):
    first = practice.history.get()
    practice_update(practice=practice, fields={"slug": "tres-por-uno"})
    factories.PracticeFactory(slug="three-per-one")

    response = admin_client.post(revert_url(practice, first), follow=True)
    assert response.status_code == 200
    assert "This version cannot be restored" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).slug == "tres-por-uno"


def test_an_unknown_version_is_a_404(admin_client, practice):
    url = reverse("admin:practices_practice_simple_history", args=[practice.pk, 999999])
    assert admin_client.get(url).status_code == 404


def test_word_diff_marks_only_what_changed_and_shortens_long_unchanged_text():
    pieces = word_diff("a b c", "a x c")
    assert pieces == [("same", "a "), ("del", "b"), ("ins", "x"), ("same", " c")]
    long = " ".join(f"w{n}" for n in range(200))
    assert word_diff("one two three", "four five six") == [
        ("del", "one two three"),
        ("ins", "four five six"),
    ]
    pieces = word_diff(long + " end", long + " fin")
    assert "…" in pieces[0][1] and len(pieces[0][1]) < len(long)


def test_citation_history_is_kept_by_the_citations_own_rows(practice):
    citation = practice.citations.get()
    assert Citation.history.filter(id=citation.pk).count() == 1


def test_an_admin_save_is_one_version_holding_its_new_links(admin_client, practice, world):
    data = form_data(admin_client.get(change_url(practice)).content.decode(), "practice_form")
    other = factories.ThemeFactory(name="Diaspora")
    data["title"] = "Tres por Uno"
    data["themes"] = [str(world["theme"].pk), str(other.pk)]
    assert admin_client.post(change_url(practice), data).status_code == 302

    # The admin saves the record before its links: still one row, holding the new links.
    assert practice.history.count() == 2
    assert {link.theme_id for link in practice.history.first().themes.all()} == {
        world["theme"].pk,
        other.pk,
    }
    page = text_of(history_page(admin_client, practice))
    assert "Themes: + Diaspora" in page


def test_revert_refuses_to_leave_a_published_record_without_a_citation(world):
    """A version from before the rule (published, uncited) is not written back over a
    record that cites: the revert would take its last citation away."""
    tool = factories.PolicyToolFactory(editorial_state="published")
    record_write(record=tool, fields={"name": "Toolbox"})
    uncited = tool.history.first()
    with version():
        citations_set(
            record=tool,
            citations=[CitationData(source=world["source"], locator="para. 2", quote=QUOTE_3X1)],
        )
        record_save(record=tool)
    with pytest.raises(ValidationError) as refused:
        record_revert(record=tool, row=uncited, reason="Reverted")
    assert "must cite at least one passage" in str(refused.value)
    assert tool.citations.count() == 1
