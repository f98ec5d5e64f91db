"""`{% question_results source as results %}`: the published aggregate questionnaire
results a source paper gives, for its page in the source reader (a reference page of
`coherence` that shows records of `practices` through its template, not its code)."""

from django import template

from ..models import QuestionResult

register = template.Library()


@register.simple_tag
def question_results(source):
    return list(
        QuestionResult.objects.published()
        .filter(question__source=source)
        .with_related()
        .order_by("question__order", "order", "id")
    )
