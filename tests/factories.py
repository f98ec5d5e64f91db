"""factory_boy factories for every model; tests build exactly the rows they need."""

import string

import factory
from django.contrib.contenttypes.models import ContentType

from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    EditorialState,
    Institution,
    PolicyTool,
    Region,
    SlugRedirect,
    SourceDocument,
    SourcePassage,
    Theme,
)
from practices.models import (
    CountryFinding,
    Practice,
    PracticeCountry,
    PracticeInstitution,
    Recommendation,
)


def letters(n: int, width: int) -> str:
    """The n-th code of `width` upper-case letters (AAA, AAB, ...)."""
    out = []
    for _ in range(width):
        n, rest = divmod(n, 26)
        out.append(string.ascii_uppercase[rest])
    return "".join(reversed(out))


SOURCE_TEXT = (
    "1. Policy coherence is essential to achieving orderly, safe and regular migration.\n\n"
    "2. Mexico has implemented several programs to promote the development effects of "
    "remittances, one of which is called “Three per One” (3x1).\n\n"
    "3. In Jamaica, an Overseas Department in the Ministry of Foreign Affairs and Foreign "
    "Trade responsible for creating linkages with the Jamaican Diaspora has been in place.\n\n"
    "4. Filler paragraph so that the paper numbers its paragraphs throughout.\n\n"
    "5. Another filler paragraph, for the same reason.\n"
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    m49 = factory.Sequence(lambda n: 900 + n)
    kind = Region.Kind.REGION


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["iso3"]

    iso3 = factory.Sequence(lambda n: letters(n, 3))
    iso2 = factory.Sequence(lambda n: letters(n, 2))
    # Above the real M49 codes, so that no made-up country takes a real country's code
    # (and its outline on the world map): give a real one where a test needs it.
    m49 = factory.Sequence(lambda n: 1000 + n)
    name = factory.Sequence(lambda n: f"Country {n}")
    region = factory.SubFactory(RegionFactory)


class CoherenceLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoherenceLevel
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"level-{n}")
    name = factory.Sequence(lambda n: f"Level {n} coherence")
    definition = "Coherence across all of the policies and actions of countries."
    order = factory.Sequence(lambda n: n)


class CoherenceElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoherenceElement
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"element-{n}")
    name = factory.Sequence(lambda n: f"Element {n}")
    order = factory.Sequence(lambda n: n)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"paper-{n}")
    title = factory.Sequence(lambda n: f"Background paper {n}")
    year = 2008
    event = "GFMD 2008, Manila"
    kind = SourceDocument.Kind.BACKGROUND_PAPER
    text = SOURCE_TEXT


class SourcePassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourcePassage

    source = factory.SubFactory(SourceDocumentFactory)
    position = factory.Sequence(lambda n: n + 1)
    anchor = factory.Sequence(lambda n: f"p-{n + 1}")
    locator = factory.Sequence(lambda n: f"paragraph {n + 1}")
    text = "Mexico has implemented several programs."


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    slug = factory.Sequence(lambda n: f"institution-{n}")
    name = factory.Sequence(lambda n: f"Ministry of Migration {n}")
    kind = Institution.Kind.MINISTRY
    country = factory.SubFactory(CountryFactory)
    editorial_state = EditorialState.PUBLISHED


class PolicyToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyTool

    slug = factory.Sequence(lambda n: f"tool-{n}")
    name = factory.Sequence(lambda n: f"Migration Governance Framework {n}")
    kind = PolicyTool.Kind.FRAMEWORK
    editorial_state = EditorialState.PUBLISHED


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"practice-{n}")
    title = factory.Sequence(lambda n: f"Three per One programme {n}")
    summary = "Matches migrants' contributions with public funds."
    scope = Practice.Scope.NATIONAL
    status = Practice.Status.ONGOING
    editorial_state = EditorialState.PUBLISHED

    @factory.post_generation
    def coherence_levels(self, create, extracted, **kwargs):
        if create:
            self.coherence_levels.set(extracted or [CoherenceLevelFactory()])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted or [ThemeFactory()])

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            for country in extracted:
                PracticeCountry.objects.create(practice=self, country=country)


class PracticeCountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeCountry

    practice = factory.SubFactory(PracticeFactory)
    country = factory.SubFactory(CountryFactory)


class PracticeInstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeInstitution

    practice = factory.SubFactory(PracticeFactory)
    institution = factory.SubFactory(InstitutionFactory)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    slug = factory.Sequence(lambda n: f"recommendation-{n}")
    title = factory.Sequence(lambda n: f"Coherence starts at home {n}")
    text = "Investing in clear political and policy mandates is essential."
    editorial_state = EditorialState.PUBLISHED


class CountryFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryFinding

    slug = factory.Sequence(lambda n: f"finding-{n}")
    country = factory.SubFactory(CountryFactory)
    element = factory.SubFactory(CoherenceElementFactory)
    question = "National policy plan or strategy for migration and development"
    statement = "Reported a national policy plan or strategy for migration and development."

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # A question may be given by its text: the question of the controlled list with
        # that text (made if there is none).
        if isinstance(kwargs.get("question"), str):
            kwargs["question"] = question_named(kwargs["question"])
        return kwargs

    value = CountryFinding.Value.YES
    year = 2008
    editorial_state = EditorialState.PUBLISHED


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation
        exclude = ["content_object"]

    content_object = factory.SubFactory(PracticeFactory)
    content_type = factory.LazyAttribute(
        lambda o: ContentType.objects.get_for_model(o.content_object)
    )
    object_id = factory.SelfAttribute("content_object.pk")
    source = factory.SubFactory(SourceDocumentFactory)
    locator = "para. 2"
    quote = (
        "Mexico has implemented several programs to promote the development effects of remittances"
    )


class SlugRedirectFactory(factory.django.DjangoModelFactory):
    """An old slug of a practice, leading to another practice."""

    class Meta:
        model = SlugRedirect
        exclude = ["target"]

    target = factory.SubFactory(PracticeFactory)
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Practice))
    old_slug = factory.Sequence(lambda n: f"old-practice-{n}")
    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.SelfAttribute("target.pk")


# Events, sessions, roles, memberships, status reports (issue 21) ---------------------


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coherence.Event"

    slug = factory.Sequence(lambda n: f"event-{n}")
    name = factory.Sequence(lambda n: f"GFMD meeting {n}")
    kind = "summit"
    year = 2008


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coherence.Session"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"session-{n}")
    event = factory.SubFactory(EventFactory)
    code = "3.2"
    title = factory.Sequence(lambda n: f"Roundtable session {n}")
    kind = "roundtable_session"

    @factory.post_generation
    def papers(self, create, extracted, **kwargs):
        if create and extracted:
            self.papers.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coherence.Membership"

    slug = factory.Sequence(lambda n: f"membership-{n}")
    body = factory.SubFactory(
        InstitutionFactory, kind=Institution.Kind.REGIONAL_ECONOMIC_COMMUNITY, country=None
    )
    country = factory.SubFactory(CountryFactory)


class PracticeStatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.PracticeStatusReport"

    slug = factory.Sequence(lambda n: f"status-report-{n}")
    practice = factory.SubFactory(PracticeFactory)
    source = factory.SubFactory(SourceDocumentFactory)
    status = "planned"
    as_of_year = 2008


def question_named(text: str):
    """The question with this text, made if there is none (findings name their question
    from a controlled list)."""
    from django.utils.text import slugify

    from practices.models import Question

    question = Question.objects.filter(text=text).first()
    if question is None:
        question = Question.objects.create(text=text, slug=slugify(text)[:120])
    return question


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.Question"

    slug = factory.Sequence(lambda n: f"question-{n}")
    text = factory.Sequence(lambda n: f"Has a national plan ({n})?")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.Challenge"

    slug = factory.Sequence(lambda n: f"challenge-{n}")
    title = factory.Sequence(lambda n: f"Silos between ministries {n}")
    summary = "Ministries work apart."
    editorial_state = EditorialState.PUBLISHED


class DefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.Definition"

    slug = factory.Sequence(lambda n: f"term-{n}")
    term = factory.Sequence(lambda n: f"Vertical coherence {n}")
    definition = "Local and national policies aligned."
    editorial_state = EditorialState.PUBLISHED


class QuestionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practices.QuestionResult"

    slug = factory.Sequence(lambda n: f"result-{n}")
    question = factory.SubFactory(QuestionFactory)
    label = "Responding States with a plan"
    count = 26
    respondents = 53
    year = 2008
    editorial_state = EditorialState.PUBLISHED


# The Global Compact's objectives and principles, the SDG targets, and a practice's
# classification under them (the knowledge base's own, with a reason).


class GcmObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coherence.GcmObjective"
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n % 23 + 1)
    title = factory.LazyAttribute(lambda o: f"Objective {o.number}, in its official wording")
    short_title = factory.LazyAttribute(lambda o: f"Objective {o.number}")


class GcmPrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coherence.GcmPrinciple"
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n % 10 + 1)
    slug = factory.LazyAttribute(lambda o: f"principle-{o.number}")
    title = factory.LazyAttribute(lambda o: f"Principle {o.number}")


class SdgTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coherence.SdgTarget"
        django_get_or_create = ["code"]

    code = "10.7"
    title = factory.LazyAttribute(lambda o: f"Target {o.code}, in its official wording")
    short_title = factory.LazyAttribute(lambda o: f"Target {o.code}")


def classify(practice, *, objectives=(), principles=(), targets=(), reason="Because it does."):
    """Classify a practice under these GCM objectives, principles and SDG targets (records),
    each with the same reason."""
    from practices.models import PracticeGcmObjective, PracticeGcmPrinciple, PracticeSdgTarget

    for objective in objectives:
        PracticeGcmObjective.objects.create(practice=practice, objective=objective, reason=reason)
    for principle in principles:
        PracticeGcmPrinciple.objects.create(practice=practice, principle=principle, reason=reason)
    for target in targets:
        PracticeSdgTarget.objects.create(practice=practice, target=target, reason=reason)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coherence.Person"

    slug = factory.Sequence(lambda n: f"person-{n}")
    name = factory.Sequence(lambda n: f"Speaker {n}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A person's role at an event (exactly one of a person, a country or an
    institution takes part)."""

    class Meta:
        model = "coherence.Participation"

    slug = factory.Sequence(lambda n: f"participation-{n}")
    event = factory.SubFactory(EventFactory)
    role = "speaker"
    person = factory.SubFactory(PersonFactory)
