"""The reference framework of the knowledge base (one module per concept)."""

from .actors import Institution, PolicyTool
from .base import EditorialState, PublishableModel, TimestampedModel
from .events import Event, Participation, Person, Session
from .framework import CoherenceElement, CoherenceLevel, Theme
from .gcm import GcmObjective, GcmPrinciple, SdgTarget
from .geography import Country, Region
from .membership import Membership
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
    "Event",
    "GcmObjective",
    "GcmPrinciple",
    "Institution",
    "Membership",
    "Participation",
    "Person",
    "PolicyTool",
    "PublishableModel",
    "Region",
    "SlugRedirect",
    "SdgTarget",
    "Session",
    "SourceDocument",
    "SourcePassage",
    "Theme",
    "TimestampedModel",
]
