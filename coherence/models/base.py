"""Building blocks shared by every model of the knowledge base."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Length, NullIf, Upper
from django.db.models.lookups import Exact
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from simple_history.models import HistoricalRecords

from ..collation import alphabetical
from .constraints import Check


class History(HistoricalRecords):
    """simple_history's records of a model, without the `<field>_fr`/`<field>_es` columns
    that django-modeltranslation adds after the history model is built (the history keeps
    each version's English; see docs/decisions/0017)."""

    def fields_included(self, model):
        return [f for f in super().fields_included(model) if not isinstance(f, TranslationField)]


class TimestampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class EditorialState(models.TextChoices):
    """Where a record stands in the editors' workflow; only published records are public."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


def translated_fields(model) -> tuple[str, ...]:
    """The model's fields that exist in every language (django-modeltranslation), in
    their order of registration."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def localized_text(path: str):
    """The text of a translated field at `path` (`"title"`, `"practice__title"`) in the
    active language, or its English where it has none: for orderings and annotations."""
    language = get_language() or settings.LANGUAGE_CODE
    english = models.F(f"{path}_{settings.LANGUAGE_CODE}")
    if language == settings.LANGUAGE_CODE:
        return english
    return Coalesce(
        NullIf(models.F(f"{path}_{language}"), models.Value("")),
        english,
        output_field=models.TextField(),
    )


def language_columns(path: str) -> list[str]:
    """`<path>_en`, `<path>_fr`, `<path>_es`: what reading a translated field needs loaded
    (for `only()` across a relation, which modeltranslation does not rewrite)."""
    return [f"{path}_{language}" for language in settings.MODELTRANSLATION_LANGUAGES]


# The fields that sort in alphabetical order whatever the case and accents
# (`coherence.collation`): the names of the reference records, a few thousand at most.
ALPHABETICAL_FIELDS = frozenset({"name"})


def localized_order(model, key):
    """An ordering key by a translated field (`title`, or `title_fr` as modeltranslation
    rewrites it in French) as the page shows the field: the active language's text, or
    the English where there is none; a name (`ALPHABETICAL_FIELDS`) in alphabetical
    order, accents and case aside. Other keys as they are."""
    if not isinstance(key, str):
        return key
    name = key.lstrip("-")
    language = get_language() or settings.LANGUAGE_CODE
    fields = translated_fields(model)
    if name.endswith(f"_{language}") and name[: -len(language) - 1] in fields:
        name = name[: -len(language) - 1]
    elif name not in fields:
        return key
    text = localized_text(name)
    if name in ALPHABETICAL_FIELDS:
        text = alphabetical(text)
    return text.desc() if key.startswith("-") else text.asc()


class TranslatedOrderingManager(models.Manager):
    """The manager of a `TranslatedOrderingQuerySet` (`as_manager()`): a translated
    model's records come in the model's ordering as the reader sees it. modeltranslation
    puts the ordering in every translated model's queries, by the active language's
    column (`title_fr`, empty for a record without a French title); applying it again
    through `order_by()` sorts such a record by its English instead."""

    def get_queryset(self):
        queryset = super().get_queryset()
        ordering = self.model._meta.ordering
        if ordering and translated_fields(self.model):
            queryset = queryset.order_by(*ordering)
        return queryset


class TranslatedOrderingQuerySet(models.QuerySet):
    """Orders by a translated field as the reader sees it: in French, a record without a
    French title sorts by its English one instead of first or last (modeltranslation
    alone orders by the `title_fr` column, empty for it)."""

    @classmethod
    def as_manager(cls):
        """A manager with this queryset's methods whose records come in the model's
        ordering as the reader sees it (`TranslatedOrderingManager`)."""
        return TranslatedOrderingManager.from_queryset(cls)()

    def order_by(self, *keys):
        return super().order_by(*(localized_order(self.model, key) for key in keys))


class NaturalKeyQuerySet(TranslatedOrderingQuerySet):
    """Records found by their natural key (`natural_key()`: a slug, or a country's ISO
    code), as `loaddata` finds them in fixtures and backups written with natural keys."""

    natural_key_field = "slug"

    def get_by_natural_key(self, key):
        return self.get(**{self.natural_key_field: key})


class LinkedQuerySet(TranslatedOrderingQuerySet):
    """Filters on related records with EXISTS subqueries: no duplicate rows, no DISTINCT,
    and several of them combine cheaply."""

    def _having(self, field: str, condition: models.Q):
        through = self.model._meta.get_field(field).remote_field.through
        own = {self.model._meta.model_name: models.OuterRef("pk")}
        return self.filter(models.Exists(through.objects.filter(condition, **own)))


class PublishableQuerySet(LinkedQuerySet, NaturalKeyQuerySet):
    def published(self):
        return self.filter(editorial_state=EditorialState.PUBLISHED)


def public(model: type[models.Model]) -> models.QuerySet:
    """The records of `model` the public may see and name: the published ones of a
    publishable model, all of any other (countries, themes, source papers...)."""
    if issubclass(model, PublishableModel):
        return model._default_manager.published()
    return model._default_manager.all()


class PublishableModel(TimestampedModel):
    """A curated record that goes through the editorial workflow before it is public."""

    editorial_state = models.CharField(
        _("editorial state"),
        max_length=12,
        choices=EditorialState.choices,
        default=EditorialState.DRAFT,
        db_index=True,
        help_text=_("Only published records are shown on the site and in the API."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.editorial_state == EditorialState.PUBLISHED


def choices_constraint(field: str, choices: type[models.TextChoices], name: str, *, blank=False):
    """A named CHECK constraint keeping `field` within `choices` whatever path the data takes."""
    condition = models.Q(**{f"{field}__in": choices.values})
    if blank:
        condition |= models.Q(**{field: ""})
    return Check(condition=condition, name=name)


def editorial_state_constraint(name: str):
    """The named CHECK constraint every publishable model carries on its editorial state."""
    return choices_constraint("editorial_state", EditorialState, name)


def year_constraint(field: str, name: str):
    """A named CHECK constraint keeping a year field empty or within a plausible range."""
    return Check(
        condition=models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}),
        name=name,
        violation_error_message=_("Years must lie between %(min)s and %(max)s.")
        % {"min": MIN_YEAR, "max": MAX_YEAR},
    )


def code_constraint(field: str, length: int, name: str):
    """A named CHECK constraint: an upper-case code of exactly `length` characters."""
    return Check(
        condition=Exact(Length(field), length) & models.Q(**{field: Upper(field)}),
        name=name,
        violation_error_message=_("Codes are %(length)s upper-case letters.") % {"length": length},
    )


MIN_YEAR = 1800
MAX_YEAR = 2100


def unique_slug(model: type[models.Model], base: str, *, exclude_pk=None) -> str:
    """`base` made a slug that no other record of `model` has: slugified, cut at a word
    to fit the field, and given a numbered suffix (`-2`, `-3`...) when it is taken. How a
    slug an editor never types stays unique, and how the admin keeps a prepopulated one
    from colliding with an existing record's."""
    max_length = model._meta.get_field("slug").max_length
    slug = slugify(base)[: max_length - 4].rstrip("-")
    if len(slugify(base)) > len(slug) and "-" in slug:
        slug = slug.rsplit("-", 1)[0]  # not in the middle of a word
    slug = slug or model._meta.model_name
    taken = set(
        model._default_manager.filter(slug__startswith=slug)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate
