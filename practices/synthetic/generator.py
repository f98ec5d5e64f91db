"""Creating the synthetic records in batches (`Generator`), from `vocabulary`."""

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

from ..models import Addressee, Practice, PracticeCountry, PracticeInstitution, Recommendation
from .vocabulary import (
    ACTIVITIES,
    ADDRESSEES,
    BENEFICIARIES,
    CHALLENGES,
    GOALS,
    KIND_NAMES,
    OUTCOMES,
    PORTFOLIOS,
    PROGRAMMES,
    RARE,
    RECOMMENDATIONS,
    SCOPES,
    STATUSES,
    TOOL_NAMES,
    TOPICS,
    VERBS,
)

SLUG_PREFIX = "synthetic-"
PUBLISHED = EditorialState.PUBLISHED


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
        addressees = {a.slug: a for a in Addressee.objects.filter(slug__in=ADDRESSEES)}
        Recommendation.addressed_to.through.objects.bulk_create(
            [
                Recommendation.addressed_to.through(
                    recommendation=recommendation, addressee=addressees[slug]
                )
                for recommendation in recommendations
                for slug in [self.pick(ADDRESSEES)]
                if slug in addressees
            ],
            batch_size=5000,
        )
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
