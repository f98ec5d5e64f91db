"""Pages of practices and recommendations."""

from django.views.generic import DetailView, ListView

from .models import Practice, Recommendation


class PracticeListView(ListView):
    template_name = "practices/practice_list.html"
    context_object_name = "practices"
    paginate_by = 25

    def get_queryset(self):
        return Practice.objects.published().with_related()


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_queryset(self):
        return (
            Practice.objects.published()
            .with_related()
            .prefetch_related("citations__source", "citations__passage")
        )


class RecommendationListView(ListView):
    template_name = "practices/recommendation_list.html"
    context_object_name = "recommendations"
    paginate_by = 50

    def get_queryset(self):
        return Recommendation.objects.published().with_related()
