"""Pages of the reference framework alone: the about page, the lists of institutions and
of tools and frameworks, and the source papers (the list and the reader). The pages that
list practices are `practices.views`'s; the search page is `search.views`'s."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from .facets import ListFacet
from .filters import InstitutionFilterSet, PolicyToolFilterSet, SourceDocumentFilterSet
from .lists import FilteredListView
from .models import CoherenceElement, CoherenceLevel, Institution, PolicyTool, SourceDocument
from .models.sources import public_citation_count
from .reader import MAX_QUERY_LENGTH, QueryError, build_document, citing_records, search_terms
from .text import has_control_characters

# The country facet of the lists of institutions and tools: the countries that occur.
COUNTRY = _("Country")


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
    facets = (
        ListFacet("kind", _("Kind"), "kind"),
        ListFacet("country", COUNTRY, "country__iso3", "country__name", open=True),
    )
    sorts = (
        ("", _("Relevance (with a search), else name")),
        ("-name", _("Name, Z to A")),
        ("-year_established", _("Newest established first")),
        ("-updated_at", _("Recently updated")),
    )

    def get_base_queryset(self):
        return Institution.objects.published().with_related()


class PolicyToolListView(FilteredListView):
    template_name = "coherence/tool_list.html"
    context_object_name = "tools"
    filterset_class = PolicyToolFilterSet
    facets = (
        ListFacet("kind", _("Kind"), "kind"),
        ListFacet("category", _("Category"), "category"),
        ListFacet("coherence_level", _("Coherence level"), "coherence_levels__slug"),
        ListFacet("country", COUNTRY, "countries__iso3", "countries__name", open=True),
    )
    sorts = (
        ("", _("Relevance (with a search), else name")),
        ("-name", _("Name, Z to A")),
        ("-year", _("Newest first")),
        ("year", _("Oldest first")),
        ("-updated_at", _("Recently updated")),
    )

    def get_base_queryset(self):
        return PolicyTool.objects.published().with_related()


class SourceDocumentListView(FilteredListView):
    template_name = "coherence/source_list.html"
    context_object_name = "sources"
    filterset_class = SourceDocumentFilterSet
    facets = (ListFacet("kind", _("Kind"), "kind"),)
    extra_fields = ("year",)

    def get_base_queryset(self):
        return SourceDocument.objects.annotate(citation_count=public_citation_count()).order_by(
            *SourceDocument._meta.ordering
        )


class SourceDocumentDetailView(DetailView):
    """A paper as a document: its metadata, a table of contents, a search within it, and
    its full text rendered passage by passage (`coherence.reader`), one anchor per passage,
    each cited passage with links to the published records that cite it. A citation link
    (`#para-12`) scrolls to its passage, which the stylesheet highlights. A search that
    cannot be run (`?q=` without a word, or overlong) shows why, with status 400."""

    template_name = "coherence/source_detail.html"
    context_object_name = "source"
    model = SourceDocument

    def get_queryset(self):
        return SourceDocument.objects.defer("text")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        query = request.GET.get("q", "")
        try:
            if has_control_characters(query):
                raise QueryError(gettext("A search cannot contain control characters."))
            terms, error = search_terms(query), ""
        except QueryError as problem:
            terms, error = [], str(problem)
        document = build_document(
            self.object.passages.all(), terms=terms, cited_by=citing_records(self.object)
        )
        context = self.get_context_data(
            object=self.object,
            document=document,
            query=query[: MAX_QUERY_LENGTH + 100],
            search_error=error,
            max_query_length=MAX_QUERY_LENGTH,
        )
        return self.render_to_response(context, status=400 if error else 200)
