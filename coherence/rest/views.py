"""The API's viewset of the source papers (the resources joined with practices are
`practices.api`'s)."""

from __future__ import annotations

from coherence import filters
from coherence.models import SourceDocument
from coherence.serializers import SourceDetailSerializer, SourceSerializer

from .viewsets import ReadOnlyViewSet


class SourceViewSet(ReadOnlyViewSet):
    queryset = SourceDocument.objects.all()
    serializer_class = SourceSerializer
    detail_serializer_class = SourceDetailSerializer
    filterset_class = filters.SourceDocumentFilterSet
    lookup_field = "slug"
    export_basename = "sources"
    feed_type = "source"

    def get_queryset(self):
        queryset = SourceDocument.objects.defer("text")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("passages")
        return queryset
