"""Good practices, recommendations and country-level findings drawn from the papers
(`records`), and the change feed's own tables (`feed`)."""

from .addressees import Addressee, AddresseeKind
from .challenges import Challenge
from .classification import (
    CLASSIFICATIONS,
    PracticeGcmObjective,
    PracticeGcmPrinciple,
    PracticeSdgTarget,
)
from .feed import FeedEntry, FeedLock, FeedPending, FeedSnapshot
from .glossary import Definition
from .questionnaire import Question, QuestionResult
from .records import (
    CountryFinding,
    CountryRole,
    FacetIndexState,
    FindingValue,
    InstitutionRole,
    Practice,
    PracticeCountry,
    PracticeInstitution,
    Recommendation,
    RecommendationKind,
    Scope,
    Status,
)
from .status import PracticeStatusReport

__all__ = [
    "Addressee",
    "AddresseeKind",
    "Challenge",
    "CLASSIFICATIONS",
    "Definition",
    "Question",
    "QuestionResult",
    "CountryFinding",
    "CountryRole",
    "FacetIndexState",
    "FeedEntry",
    "FeedLock",
    "FeedPending",
    "FeedSnapshot",
    "FindingValue",
    "InstitutionRole",
    "Practice",
    "PracticeCountry",
    "PracticeGcmObjective",
    "PracticeGcmPrinciple",
    "PracticeInstitution",
    "PracticeSdgTarget",
    "PracticeStatusReport",
    "Recommendation",
    "RecommendationKind",
    "Scope",
    "Status",
]
