"""Template helpers of the contribution pages."""

from django import template

from ..content import FIELD_LABELS

register = template.Library()


@register.filter
def claim_label(claim: str) -> str:
    """The name of the field a quote supports ("summary" -> "Summary")."""
    return str(FIELD_LABELS.get(claim, claim))
