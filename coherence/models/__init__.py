"""The reference framework of the knowledge base (one module per concept)."""

from .actors import Institution, PolicyTool
from .base import EditorialState, PublishableModel, TimestampedModel
from .framework import CoherenceElement, CoherenceLevel, Theme
from .gcm import GcmObjective, GcmPrinciple, SdgTarget
from .geography import Country, Region
from .sources import Citation, SourceDocument, SourcePassage
from .state import DataVersion

__all__ = [
    "Citation",
    "CoherenceElement",
    "CoherenceLevel",
    "Country",
    "DataVersion",
    "EditorialState",
    "GcmObjective",
    "GcmPrinciple",
    "Institution",
    "PolicyTool",
    "PublishableModel",
    "Region",
    "SdgTarget",
    "SourceDocument",
    "SourcePassage",
    "Theme",
    "TimestampedModel",
]
