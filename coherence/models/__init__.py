"""The reference framework of the knowledge base (one module per concept)."""

from .actors import Institution, PolicyTool
from .base import EditorialState, PublishableModel, TimestampedModel
from .framework import CoherenceElement, CoherenceLevel, Theme
from .geography import Country, Region
from .redirects import SlugRedirect
from .sources import Citation, SourceDocument, SourcePassage
from .state import DataVersion

__all__ = [
    "Citation",
    "CoherenceElement",
    "CoherenceLevel",
    "Country",
    "DataVersion",
    "EditorialState",
    "Institution",
    "PolicyTool",
    "PublishableModel",
    "Region",
    "SlugRedirect",
    "SourceDocument",
    "SourcePassage",
    "Theme",
    "TimestampedModel",
]
