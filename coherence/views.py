"""Pages of the reference framework alone: the about page, the lists of institutions and
of tools and frameworks, and the source papers (the list and the reader). The pages that
list practices are `practices.views`'s; the search page is `search.views`'s."""

from django.views.generic import DetailView, TemplateView

from .filters import InstitutionFilterSet, PolicyToolFilterSet, SourceDocumentFilterSet
from .models import CoherenceElement, CoherenceLevel, Institution, PolicyTool, SourceDocument
from .models.sources import public_citation_count
from .web import FilteredListView


class AboutView(TemplateView):
    template_name = "coherence/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            levels=CoherenceLevel.objects.all(),
            elements=CoherenceElement.objects.all(),
            sources=SourceDocument.objects.all(),
            **kwargs,
        )


class InstitutionListView(FilteredListView):
    template_name = "coherence/institution_list.html"
    context_object_name = "institutions"
    filterset_class = InstitutionFilterSet
    filter_fields = ("search", "country", "kind", "ordering")

    def get_base_queryset(self):
        return Institution.objects.published().with_related()


class PolicyToolListView(FilteredListView):
    template_name = "coherence/tool_list.html"
    context_object_name = "tools"
    filterset_class = PolicyToolFilterSet
    filter_fields = ("search", "kind", "category", "coherence_level", "country", "ordering")

    def get_base_queryset(self):
        return PolicyTool.objects.published().with_related()


class SourceDocumentListView(FilteredListView):
    template_name = "coherence/source_list.html"
    context_object_name = "sources"
    filterset_class = SourceDocumentFilterSet
    filter_fields = ("search", "kind", "year")

    def get_base_queryset(self):
        return SourceDocument.objects.annotate(citation_count=public_citation_count()).order_by(
            *SourceDocument._meta.ordering
        )


class SourceDocumentDetailView(DetailView):
    """A paper's metadata and its full text, one anchor per passage; a citation link
    (`#para-12`) scrolls to its passage, which the stylesheet highlights."""

    template_name = "coherence/source_detail.html"
    context_object_name = "source"
    model = SourceDocument

    def get_queryset(self):
        return SourceDocument.objects.defer("text")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            passages=self.object.passages.annotate(citation_count=public_citation_count()),
            **kwargs,
        )
