"""Data moves of issue 21:

- the recommendations of kind "challenge" become challenges (same slug, title, text as
  summary, levels, themes, state, times and citations; the old id is kept so that
  /api/v1/recommendations/<id>/ redirects), and the recommendations go;
- each finding's question text becomes a reference to a `Question` of the controlled
  list (the seeded texts get the fixtures' slugs); the two overlapping budget questions
  of the 2008 paper are one: a State's finding on "budget line or dedicated budget" is
  merged into its finding on the co-managed budget line (statement appended, citations
  moved), or, if it has none, answers that question."""

from django.db import migrations
from django.utils.text import slugify

BUDGET_OLD = "Budget line or dedicated budget for migration and development"
BUDGET = (
    "Has established a co-managed migration and development budget line, or intends to do "
    "so within the next three years"
)

# The seeded questions' texts and slugs (fixtures/knowledge/*/questions.json).
SLUGS = {
    "Has a national policy plan or strategy for migration and development (Swedish questionnaire, June 2008)": "national-md-plan-2008",
    "Mentioned efforts, or planned efforts, to strengthen ties with migrants and/or migrant communities living abroad": "ties-with-migrants-abroad-2008",
    "Mentioned the importance of inward labour migration to its own national economic development": "inward-labour-migration-importance-2008",
    "Described the contributions migrants make to its society": "contributions-of-migrants-2008",
    "Mentioned efforts to provide assistance to and secure the rights of its migrants abroad": "assistance-and-rights-of-migrants-abroad-2008",
    "Takes development concerns for countries of origin into consideration when formulating national strategies for labour migration": "origin-development-in-labour-migration-strategies-2008",
    BUDGET: "co-managed-md-budget-line-2008",
    "Has funds available for voluntary return and reintegration of migrants": "return-and-reintegration-funds-2008",
    "Mentioned lack of capacity as a significant obstacle to effective consultation": "obstacle-lack-of-capacity-2008",
    "Mentioned lack of a comprehensive migration policy as a significant obstacle to effective consultation": "obstacle-no-comprehensive-migration-policy-2008",
    "Migration included as an issue in national development and/or development cooperation policies": "migration-in-development-policies-2008",
    "Development included as an issue in migration/admission policy": "development-in-migration-policy-2008",
    "Focal points or coordinating structures for migration and development have helped achieve greater policy and institutional coherence": "focal-points-helped-coherence-2008",
    "Considers institutionalised platforms for discussing migration and development and taking policy decisions more important than focal points": "platforms-over-focal-points-2008",
    "Progress in consultative processes or coordination structures on migration and development within government": "consultative-progress-2008",
    "Mentioned another obstacle to effective consultation, or what is needed to improve it": "other-obstacles-to-consultation-2008",
    "Has staff, financial or other resources available to specifically address links between migration and development": "md-resources-available-2008",
    "Reported a need for additional resources, capacity building or knowledge to address migration and development": "need-for-resources-2008",
    "Stressed regional consultative processes or regional cooperation on migration and development": "regional-cooperation-stressed-2008",
    "Presented a framework for outreach to the diaspora through consulates and embassies": "diaspora-outreach-through-consulates-2008",
    "Cited as an example of attention to the reintegration of migrants in poverty alleviation in a post-crisis situation": "post-crisis-reintegration-example-2008",
    "Diaspora experience cited as an example that other developing countries look at": "diaspora-experience-example-2008",
    "Initiative cited as a best practice in migration policies (remittances, etc.)": "best-practice-in-migration-policies-2008",
    "Co-chaired the 2012 GFMD expert workshop on Policy Coherence for Development": "co-chaired-2012-pcd-workshop",
    "Co-chair of the GFMD Working Group on Policy Coherence, Data and Research": "co-chair-gfmd-pcd-working-group",
    "Held the GFMD Chairmanship (Chair-in-Office)": "gfmd-chairmanship",
    "Made key inputs to a session of the 2012 GFMD expert workshop on Policy Coherence for Development": "key-inputs-2012-pcd-workshop",
    "Moderated a session of the 2012 GFMD expert workshop on Policy Coherence for Development": "moderated-2012-pcd-workshop-session",
    "Whole-of-government (horizontal) approach to migration": "whole-of-government-approach-2017",
    "Nursing qualifications recognised internationally": "nursing-qualifications-recognised-2017",
    "Migration mainstreamed into development planning": "migration-mainstreamed-in-development-planning-2017",
    "Local bodies on migration and development with their own budget and staff": "local-md-bodies-with-budget-2017",
    "Central coordination structure for migration policies": "central-coordination-structure-2017",
    "Inter-institutional group of focal points on diaspora": "diaspora-focal-points-group-2017",
    "National plan for the reintegration of returned migrants": "returnee-reintegration-plan-2017",
    "Contingency plan for a major wave of immigrants": "immigration-contingency-plan-2017",
    "Labour migration policy linked to other policy areas": "labour-migration-policy-linked-2017",
    "National labour migration policy informed by the ILO Multilateral Framework on Labour Migration": "labour-migration-policy-ilo-framework-2017",
    "Migration partnerships signed with partner countries": "migration-partnerships-signed-2017",
    "Migration partnership with Switzerland": "migration-partnership-with-switzerland-2017",
    "Regular, evidence-based bilateral dialogue on labour migration": "bilateral-labour-migration-dialogue-2017",
    "Neighbouring origin–destination pair with large wage differences": "neighbouring-origin-destination-pair-2017",
}


def _slug_for(Question, text):
    if text in SLUGS:
        return SLUGS[text]
    base = slugify(text)[:110].rstrip("-") or "question"
    slug, n = base, 1
    while Question.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def move_challenges(apps, schema_editor):
    Recommendation = apps.get_model("practices", "Recommendation")
    Challenge = apps.get_model("practices", "Challenge")
    Citation = apps.get_model("coherence", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    moved = list(Recommendation.objects.filter(kind="challenge"))
    if not moved:
        return
    rec_type = ContentType.objects.get_for_model(Recommendation)
    challenge_type, _ = ContentType.objects.get_or_create(app_label="practices", model="challenge")
    for old in moved:
        challenge = Challenge.objects.create(
            slug=old.slug,
            title=old.title,
            summary=old.text,
            editorial_state=old.editorial_state,
            former_recommendation_id=old.pk,
        )
        # Keep the record's times (partners sync on them).
        Challenge.objects.filter(pk=challenge.pk).update(
            created_at=old.created_at, updated_at=old.updated_at
        )
        challenge.coherence_levels.set(old.coherence_levels.all())
        challenge.themes.set(old.themes.all())
        Citation.objects.filter(content_type=rec_type, object_id=old.pk).update(
            content_type=challenge_type, object_id=challenge.pk
        )
        old.coherence_levels.clear()
        old.themes.clear()
        old.delete()


def move_questions(apps, schema_editor):
    Finding = apps.get_model("practices", "CountryFinding")
    Question = apps.get_model("practices", "Question")
    Citation = apps.get_model("coherence", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    questions = {}

    def question(text, element_id):
        if text not in questions:
            found = Question.objects.filter(text=text).first()
            if found is None:
                found = Question.objects.create(
                    slug=_slug_for(Question, text), text=text, element_id=element_id
                )
            questions[text] = found
        return questions[text]

    finding_type = ContentType.objects.get_for_model(Finding)
    for finding in Finding.objects.exclude(question_text="").order_by("id"):
        text = finding.question_text
        if text == BUDGET_OLD:
            sibling = (
                Finding.objects.filter(country_id=finding.country_id, question_text=BUDGET)
                .exclude(pk=finding.pk)
                .first()
            )
            if sibling is not None:
                sibling.statement = f"{sibling.statement} {finding.statement}"
                sibling.save(update_fields=["statement"])
                Citation.objects.filter(content_type=finding_type, object_id=finding.pk).update(
                    object_id=sibling.pk
                )
                finding.delete()
                continue
            text = BUDGET
        finding.question = question(text, finding.element_id)
        finding.save(update_fields=["question"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("coherence", "0003_data_version"),
        ("practices", "0010_challenges_definitions_questions"),
    ]

    operations = [
        migrations.RunPython(move_challenges, migrations.RunPython.noop),
        migrations.RunPython(move_questions, migrations.RunPython.noop),
    ]
