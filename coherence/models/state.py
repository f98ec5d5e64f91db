"""State the site keeps about its data as a whole, not records of the knowledge base."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constraints import Check


class DataVersion(models.Model):
    """One row whose token changes, in the same transaction, with every write to any
    public record (`coherence.data_version`): the shared response cache keys its entries
    by it, so that a committed write is seen by the very next request in every process
    (docs/decisions/0012-response-cache.md). A token rather than a counter, so that a
    rolled-back write can never be mistaken for another write that brought the counter to
    the same number."""

    token = models.UUIDField(_("token"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("data version")
        constraints = [
            Check(condition=models.Q(id=1), name="dataversion_single_row"),
        ]

    def __str__(self):
        return str(self.token)
