"""Good practices, recommendations and country-level findings drawn from the papers
(`records`), and the change feed's own tables (`feed`)."""

from .classification import (
    CLASSIFICATIONS,
    PracticeGcmObjective,
    PracticeGcmPrinciple,
    PracticeSdgTarget,
)
from .feed import FeedEntry, FeedLock, FeedPending, FeedSnapshot
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

__all__ = [
    "CLASSIFICATIONS",
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
    "Recommendation",
    "RecommendationKind",
    "Scope",
    "Status",
]
