"""Realistic synthetic records, for benchmarks at scale (`manage.py generate_synthetic`).

The records look like the curated ones: practices with a title, a summary, a
description and sometimes outcomes and challenges, written from the vocabulary of the
GFMD papers; countries with roles (a bilateral partnership links both sides),
institutions with roles, tools, coherence levels, elements, themes, years, statuses and
citations of synthetic source papers whose passages contain the quotes. Words follow a
realistic spread: a few very common ("migration"), many rare ("tontine"). Everything is
published, and everything is drawn from one seeded random generator, so the same seed
gives the same records. Slugs start with `synthetic-`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    EditorialState,
    Institution,
    PolicyTool,
    SourceDocument,
    Theme,
)
from coherence.passages import rebuild_passages

from .models import Practice, PracticeCountry, PracticeInstitution, Recommendation

SLUG_PREFIX = "synthetic-"
PUBLISHED = EditorialState.PUBLISHED

# Vocabulary ----------------------------------------------------------------------------

PROGRAMMES = [
    "matching-grant scheme",
    "circular migration programme",
    "skills partnership",
    "diaspora bond",
    "remittance-linked savings scheme",
    "inter-ministerial committee",
    "national migration policy",
    "pre-departure orientation programme",
    "return and reintegration programme",
    "diaspora mapping exercise",
    "labour mobility agreement",
    "migrant resource centre",
    "mainstreaming initiative",
    "policy coherence review",
    "coordination mechanism",
    "focal point network",
    "diaspora investment fund",
    "social security agreement",
    "qualification recognition scheme",
    "ethical recruitment code",
    "seasonal worker programme",
    "diaspora volunteer programme",
    "migration profile",
    "remittance price comparison website",
    "co-development programme",
    "local migration and development plan",
    "temporary return programme",
    "youth employment and migration initiative",
    "knowledge transfer programme",
    "migrant welfare fund",
    "consular outreach programme",
    "hometown association partnership",
]
GOALS = [
    "channel diaspora savings into local infrastructure",
    "lower the cost of sending remittances",
    "recognise the skills of returning migrants",
    "support the reintegration of returnees",
    "bring migration into national development planning",
    "protect migrant workers abroad",
    "widen the financial inclusion of remittance-receiving households",
    "encourage brain circulation in the health sector",
    "coordinate the ministries concerned",
    "match labour shortages with workers from partner countries",
    "engage the diaspora in the development of their home regions",
    "improve data on emigration and return",
    "prevent irregular migration and trafficking",
    "fund small businesses started by returning migrants",
    "train officials in policy coherence",
    "give migrants access to social protection",
    "build the capacity of local authorities",
    "reduce the cost of recruitment for migrant workers",
    "support diaspora entrepreneurs",
    "strengthen dialogue between countries of origin and destination",
]
VERBS = ["launched", "set up", "piloted", "established", "adopted", "introduced", "expanded"]
ACTIVITIES = [
    "The programme offers training, advice and small grants to {beneficiaries}.",
    "Each {unit} contributed by migrants is matched by the {level} government.",
    "A steering group meets {frequency} to review progress and agree priorities.",
    "The {institution} coordinates the work of {count} ministries and agencies.",
    "Consular staff inform {beneficiaries} of their rights and obligations.",
    "Funds are channelled through {channel} to projects chosen by local communities.",
    "Participants receive language courses and vocational training before departure.",
    "An online platform lists vacancies, training offers and investment opportunities.",
    "Recruitment agencies are licensed and monitored to prevent abuse.",
    "Data from surveys and administrative records feed an annual migration profile.",
    "The {institution} publishes guidance for municipalities on diaspora engagement.",
    "Returning migrants are offered counselling, job placement and start-up capital.",
    "Remittance service providers report their fees, which are compared on a public website.",
    "Partner countries agreed on the portability of pensions and health insurance.",
    "Civil society organisations and employers sit on the advisory board.",
    "A budget line for migration and development is co-managed by two ministries.",
]
BENEFICIARIES = [
    "migrant workers",
    "returning migrants",
    "diaspora associations",
    "remittance recipients",
    "young jobseekers",
    "women migrants",
    "seasonal workers",
    "health professionals",
    "students abroad",
    "rural households",
    "small entrepreneurs",
    "local authorities",
]
OUTCOMES = [
    "By {year}, {count} projects had been funded in {count2} municipalities.",
    "An evaluation found that remittance costs fell by {count} per cent.",
    "More than {big} workers took part in the first {count} years.",
    "The scheme was extended to {count} further regions after its pilot phase.",
    "Participants reported higher incomes and better access to credit.",
    "The committee's recommendations were taken up in the national development plan.",
]
CHALLENGES = [
    "Coordination between ministries remained weak and mandates overlapped.",
    "Funding depended on donors, which made planning beyond a few years difficult.",
    "Few migrants knew of the programme, and take-up was lower than expected.",
    "Data on returnees were scarce, which made the evaluation difficult.",
    "High recruitment fees continued to burden workers despite the new rules.",
    "Local authorities lacked the staff to follow up the projects.",
]
# Rare words, each used by a small share of records.
_RARE = """tontine hawala microinsurance agroforestry telemedicine aquaculture beekeeping
cooperatives crowdfunding blockchain geothermal hydroponics apprenticeship mentorship
notarisation apostille biometric cadastre escrow microfranchise solar irrigation vaccination
midwifery nursing pharmacists veterinarians fisheries cocoa coffee cashew vanilla textiles
tourism handicrafts broadband mobile wallets fintech guarantees insurance pensions annuities
literacy numeracy scholarships fellowships twinning hackathon incubator accelerator
ombudsperson hotline helpline shelters paralegal arbitration mediation"""
RARE = _RARE.split()
PORTFOLIOS = [
    "Labour and Employment",
    "Foreign Affairs",
    "Overseas Employment",
    "Diaspora Affairs",
    "Planning and Development",
    "Finance",
    "Interior",
    "Social Protection",
    "Education",
    "Health",
    "Economy and Trade",
    "Youth and Sports",
    "Local Government",
    "Justice",
]
KIND_NAMES = {
    Institution.Kind.MINISTRY: "Ministry of {portfolio}",
    Institution.Kind.AGENCY: "National Agency for {topic}",
    Institution.Kind.COMMITTEE: "Inter-ministerial Committee on {topic}",
    Institution.Kind.COUNCIL: "National Council for {topic}",
    Institution.Kind.FOCAL_POINT_NETWORK: "Network of Focal Points on {topic}",
    Institution.Kind.BANK_OR_FUND: "Fund for {topic}",
    Institution.Kind.FOUNDATION: "Foundation for {topic}",
    Institution.Kind.CIVIL_SOCIETY: "Association of {beneficiaries}",
    Institution.Kind.LOCAL_AUTHORITY: "Municipal Office for {topic}",
    Institution.Kind.RESEARCH_BODY: "Institute for Research on {topic}",
}
TOPICS = [
    "Migration and Development",
    "Diaspora Engagement",
    "Remittances",
    "Labour Migration",
    "Returning Migrants",
    "Migrant Workers' Welfare",
    "Skills and Employment",
    "Policy Coherence",
    "Overseas Workers",
    "Local Development",
]
TOOL_NAMES = {
    PolicyTool.Kind.FRAMEWORK: "Framework on {topic}",
    PolicyTool.Kind.INDICATORS: "Indicators of {topic}",
    PolicyTool.Kind.GUIDANCE: "Handbook on {topic}",
    PolicyTool.Kind.LAW: "Law on {topic}",
    PolicyTool.Kind.AGREEMENT: "Agreement on {topic}",
    PolicyTool.Kind.PARTNERSHIP: "Partnership on {topic}",
    PolicyTool.Kind.NATIONAL_PLAN: "National Action Plan on {topic}",
    PolicyTool.Kind.DIALOGUE: "Dialogue on {topic}",
    PolicyTool.Kind.STUDY: "Study of {topic}",
}
RECOMMENDATIONS = [
    ("Coherence starts at home", "Governments should {goal} and give one ministry the lead."),
    ("Invest in data", "States should {goal}, and share what they learn with their partners."),
    ("Involve the diaspora", "Diaspora organisations should be consulted on plans to {goal}."),
    ("Budget for coherence", "A dedicated budget line is needed to {goal}."),
    ("Work with local authorities", "Municipalities should be supported to {goal}."),
    ("Share good practices", "The GFMD should help countries {goal} by sharing experience."),
]
ADDRESSEES = ["States", "the GFMD", "civil society", "international organisations", "donors"]

SCOPES = [
    (Practice.Scope.NATIONAL, 50),
    (Practice.Scope.BILATERAL, 20),
    (Practice.Scope.REGIONAL, 12),
    (Practice.Scope.SUBNATIONAL, 10),
    (Practice.Scope.GLOBAL, 8),
]
STATUSES = [
    (Practice.Status.ONGOING, 40),
    (Practice.Status.COMPLETED, 35),
    (Practice.Status.PLANNED, 10),
    (Practice.Status.UNKNOWN, 15),
]


@dataclass
class Sizes:
    """How many records of each type to create for `practices` practices."""

    practices: int
    institutions: int = 0
    tools: int = 0
    recommendations: int = 0
    sources: int = 0

    def __post_init__(self):
        self.institutions = self.institutions or max(20, self.practices // 50)
        self.tools = self.tools or max(10, self.practices // 200)
        self.recommendations = self.recommendations or max(10, self.practices // 100)
        self.sources = self.sources or max(2, self.practices // 500)


@dataclass
class _Paper:
    source: SourceDocument
    paragraphs: list[list[str]]  # sentences of each numbered paragraph
    passages: dict[int, int] = field(default_factory=dict)  # paragraph number -> passage id


def _add(rows: dict[type, list], model: type, **values) -> None:
    rows.setdefault(model, []).append(model(**values))


class Generator:
    """Creates the synthetic records. `progress(step, n)` is told of each batch."""

    def __init__(self, seed: int, progress: Callable[[str, int], None] | None = None):
        self.random = random.Random(seed)
        self.progress = progress or (lambda step, n: None)
        self.countries = list(Country.objects.order_by("iso3"))
        # A few countries appear far more often than others, as in the papers.
        self.country_weights = [1 / (rank + 5) for rank in range(len(self.countries))]
        self.random.shuffle(self.country_weights)
        self.levels = list(CoherenceLevel.objects.order_by("slug"))
        self.elements = list(CoherenceElement.objects.order_by("slug"))
        self.themes = list(Theme.objects.order_by("slug"))

    # Text ------------------------------------------------------------------------

    def pick(self, items, k=None):
        """One of `items`, or `k` different ones (as many as there are, if fewer)."""
        if k is None:
            return self.random.choice(items)
        return self.random.sample(items, min(k, len(items)))

    def country(self) -> Country:
        return self.random.choices(self.countries, self.country_weights)[0]

    def fill(self, template: str, **given) -> str:
        values = {
            "beneficiaries": self.pick(BENEFICIARIES),
            "unit": self.pick(["dollar", "euro", "peso", "dirham"]),
            "level": self.pick(["national", "state", "municipal"]),
            "frequency": self.pick(["every month", "every quarter", "twice a year"]),
            "institution": given.get("institution") or f"Ministry of {self.pick(PORTFOLIOS)}",
            "count": self.random.randint(2, 40),
            "count2": self.random.randint(2, 90),
            "big": self.random.randint(2, 90) * 100,
            "channel": self.pick(["local banks", "microfinance institutions", "a public trust"]),
            "year": self.random.randint(2000, 2024),
            "portfolio": self.pick(PORTFOLIOS),
            "topic": self.pick(TOPICS),
            "goal": self.pick(GOALS),
            **given,
        }
        return template.format(**values)

    def sentence(self, template: str | None = None, **given) -> str:
        text = self.fill(template or self.pick(ACTIVITIES), **given)
        if self.random.random() < 0.12:
            text = f"{text[:-1]}, with a focus on {self.pick(RARE)}."
        return text

    def sentences(self, low: int, high: int, **given) -> str:
        """Between `low` and `high` different sentences."""
        templates = self.pick(ACTIVITIES, self.random.randint(low, high))
        return " ".join(self.sentence(template, **given) for template in templates)

    # Records ---------------------------------------------------------------------

    def papers(self, count: int) -> list[_Paper]:
        papers = []
        for n in range(count):
            paragraphs = [
                [self.sentence(t) for t in self.pick(ACTIVITIES, self.random.randint(2, 5))]
                for _ in range(self.random.randint(20, 40))
            ]
            source = SourceDocument.objects.create(
                slug=f"{SLUG_PREFIX}paper-{n + 1:05d}",
                title=f"Synthetic background paper {n + 1} on {self.pick(TOPICS).lower()}",
                short_title=f"Synthetic paper {n + 1}",
                year=self.random.randint(2007, 2024),
                event=f"GFMD {self.random.randint(2007, 2024)}",
                kind=SourceDocument.Kind.BACKGROUND_PAPER,
                text="\n\n".join(
                    f"{i}. {' '.join(sentences)}" for i, sentences in enumerate(paragraphs, 1)
                ),
            )
            rebuild_passages(source)
            paper = _Paper(source, paragraphs)
            for passage in source.passages.filter(anchor__startswith="para-"):
                paper.passages[int(passage.anchor.removeprefix("para-"))] = passage.pk
            papers.append(paper)
            self.progress("sources", 1)
        return papers

    def institutions(self, count: int) -> list[Institution]:
        kinds = list(KIND_NAMES)
        institutions = []
        for n in range(count):
            kind = self.pick(kinds)
            name = self.fill(KIND_NAMES[kind])
            country = self.country() if self.random.random() < 0.9 else None
            institutions.append(
                Institution(
                    slug=f"{SLUG_PREFIX}institution-{n + 1:06d}",
                    name=name,
                    acronym="".join(w[0] for w in name.split() if w[0].isupper())[:8],
                    kind=kind,
                    country=country,
                    year_established=self.random.randint(1950, 2020),
                    description=self.sentences(1, 3),
                    editorial_state=PUBLISHED,
                )
            )
        Institution.objects.bulk_create(institutions, batch_size=2000)
        self.progress("institutions", count)
        return institutions

    def tools(self, count: int, institutions: list[Institution]) -> list[PolicyTool]:
        kinds = list(TOOL_NAMES)
        tools = []
        for n in range(count):
            kind = self.pick(kinds)
            year = self.random.randint(2000, 2024)
            tools.append(
                PolicyTool(
                    slug=f"{SLUG_PREFIX}tool-{n + 1:06d}",
                    name=f"{self.fill(TOOL_NAMES[kind])} {year}",
                    kind=kind,
                    category=self.pick([c for c, _ in PolicyTool.Category.choices] + [""]),
                    year=year,
                    description=self.sentences(1, 3),
                    editorial_state=PUBLISHED,
                )
            )
        PolicyTool.objects.bulk_create(tools, batch_size=2000)
        publishers, countries, levels = [], [], []
        for tool in tools:
            for institution in self.pick(institutions, self.random.randint(0, 2)):
                publishers.append(
                    PolicyTool.publishers.through(policytool=tool, institution=institution)
                )
            for country in {self.country() for _ in range(self.random.randint(0, 2))}:
                countries.append(PolicyTool.countries.through(policytool=tool, country=country))
            for level in self.pick(self.levels, self.random.randint(0, 2)):
                levels.append(
                    PolicyTool.coherence_levels.through(policytool=tool, coherencelevel=level)
                )
        for rows in (publishers, countries, levels):
            if rows:
                type(rows[0]).objects.bulk_create(rows, batch_size=5000)
        self.progress("tools", count)
        return tools

    def citations(self, obj, papers: list[_Paper], content_type, count: int) -> list[Citation]:
        citations = []
        for paper in self.pick(papers, min(count, len(papers))):
            number = self.random.randint(1, len(paper.paragraphs))
            citations.append(
                Citation(
                    content_type=content_type,
                    object_id=obj.pk,
                    source=paper.source,
                    locator=f"para. {number}",
                    quote=self.pick(paper.paragraphs[number - 1]),
                    passage_id=paper.passages.get(number),
                )
            )
        return citations

    def recommendations(self, count: int, papers: list[_Paper]) -> None:
        recommendations = []
        for n in range(count):
            title, text = self.pick(RECOMMENDATIONS)
            recommendations.append(
                Recommendation(
                    slug=f"{SLUG_PREFIX}recommendation-{n + 1:06d}",
                    title=f"{title} ({n + 1})",
                    text=f"{self.fill(text)} {self.sentence()}",
                    kind=self.pick([k for k, _ in Recommendation.Kind.choices]),
                    addressed_to=self.pick(ADDRESSEES),
                    editorial_state=PUBLISHED,
                )
            )
        Recommendation.objects.bulk_create(recommendations, batch_size=2000)
        content_type = ContentType.objects.get_for_model(Recommendation)
        themes, citations = [], []
        for recommendation in recommendations:
            for theme in self.pick(self.themes, self.random.randint(0, 2)):
                themes.append(
                    Recommendation.themes.through(recommendation=recommendation, theme=theme)
                )
            citations += self.citations(recommendation, papers, content_type, 1)
        Recommendation.themes.through.objects.bulk_create(themes, batch_size=5000)
        Citation.objects.bulk_create(citations, batch_size=5000)
        self.progress("recommendations", count)

    def practice(self, n: int) -> tuple[Practice, list[tuple[Country, str]]]:
        scope = self.random.choices(*zip(*SCOPES, strict=True))[0]
        status = self.random.choices(*zip(*STATUSES, strict=True))[0]
        home = self.country()
        if scope == Practice.Scope.BILATERAL:
            partner = self.country()
            countries = [(home, "implementing")] + (
                [(partner, "partner")] if partner != home else []
            )
            where = f"between {home.name} and {partner.name}"
        elif scope == Practice.Scope.REGIONAL:
            countries = [(c, "implementing") for c in {self.country() for _ in range(4)}]
            where = "in " + ", ".join(c.name for c, _ in countries)
        elif scope == Practice.Scope.GLOBAL:
            countries = []
            where = "worldwide"
        else:
            countries = [(home, "implementing")]
            where = f"in {home.name}"
        programme, goal = self.pick(PROGRAMMES), self.pick(GOALS)
        start = self.random.randint(1995, 2024)
        end = min(start + self.random.randint(0, 8), 2025) if status == "completed" else None
        actor = home.name if countries else "The GFMD"
        practice = Practice(
            slug=f"{SLUG_PREFIX}practice-{n:07d}",
            title=f"{programme[0].upper()}{programme[1:]} to {goal} {where}",
            summary=(
                f"{actor} {self.pick(VERBS)} a {programme} in {start} to {goal}. "
                f"It targets {self.pick(BENEFICIARIES)}."
            ),
            description=self.sentences(2, 6),
            outcomes=self.fill(self.pick(OUTCOMES)) if self.random.random() < 0.4 else "",
            challenges=self.pick(CHALLENGES) if self.random.random() < 0.4 else "",
            scope=scope,
            status=status,
            start_year=start,
            end_year=end,
            editorial_state=PUBLISHED,
        )
        return practice, countries

    def practices(self, count, institutions, tools, papers, batch_size: int) -> None:
        by_country: dict[int, list[Institution]] = {}
        for institution in institutions:
            by_country.setdefault(institution.country_id, []).append(institution)
        content_type = ContentType.objects.get_for_model(Practice)
        through = {
            name: Practice._meta.get_field(name).remote_field.through
            for name in ("tools", "coherence_levels", "elements", "themes")
        }
        for start in range(0, count, batch_size):
            size = min(batch_size, count - start)
            built = [self.practice(start + i + 1) for i in range(size)]
            Practice.objects.bulk_create([practice for practice, _ in built])
            rows: dict[type, list] = {}
            add = partial(_add, rows)
            citations = []
            for practice, countries in built:
                for country, role in countries:
                    add(PracticeCountry, practice=practice, country=country, role=role)
                local = [i for c, _ in countries for i in by_country.get(c.pk, [])]
                chosen = {
                    self.pick(local or institutions) for _ in range(self.random.randint(0, 3))
                }
                for index, institution in enumerate(chosen):
                    role = "lead" if index == 0 else "partner"
                    add(PracticeInstitution, practice=practice, institution=institution, role=role)
                for tool in self.pick(tools, self.random.randint(0, 2)):
                    add(through["tools"], practice=practice, policytool=tool)
                for level in self.pick(self.levels, self.random.randint(1, 2)):
                    add(through["coherence_levels"], practice=practice, coherencelevel=level)
                for element in self.pick(self.elements, self.random.randint(0, 2)):
                    add(through["elements"], practice=practice, coherenceelement=element)
                for theme in self.pick(self.themes, self.random.randint(1, 3)):
                    add(through["themes"], practice=practice, theme=theme)
                citations += self.citations(
                    practice, papers, content_type, self.random.randint(0, 2)
                )
            for model, objects in rows.items():
                model.objects.bulk_create(objects, batch_size=5000)
            Citation.objects.bulk_create(citations, batch_size=5000)
            self.progress("practices", size)

    @transaction.atomic
    def generate(self, sizes: Sizes, *, batch_size: int = 2000) -> None:
        papers = self.papers(sizes.sources)
        institutions = self.institutions(sizes.institutions)
        tools = self.tools(sizes.tools, institutions)
        self.recommendations(sizes.recommendations, papers)
        self.practices(sizes.practices, institutions, tools, papers, batch_size)
