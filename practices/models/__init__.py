"""Good practices, recommendations and country-level findings drawn from the papers
(`records`), and the change feed's own tables (`feed`)."""

from .addressees import Addressee, AddresseeKind
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
    "Addressee",
    "AddresseeKind",
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
    "PracticeInstitution",
    "Recommendation",
    "RecommendationKind",
    "Scope",
    "Status",
]
