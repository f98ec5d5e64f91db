"""The thesaurus (groups of equivalent expressions, curated by editors) and the
vocabulary of the index (what a misspelt word is corrected to), issue 24."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coherence.models.constraints import Check


class ThesaurusEntry(models.Model):
    """A group of equivalent expressions of the field (remittances, money sent home,
    envois de fonds, remesas...): a search for one of them finds the others too
    (`search.thesaurus`). Curated by editors, seeded from `fixtures/thesaurus.json`."""

    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_("The group's main expression, as editors know it (e.g. “remittances”)."),
    )
    note = models.TextField(
        _("editorial note"),
        blank=True,
        help_text=_("Why these expressions are equivalent, and where they are not."),
    )
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where the equivalence comes from (the IOM Glossary on Migration, a paper's "
            "own definition, ...), if anywhere."
        ),
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Searches use the active groups only.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("thesaurus entry")
        verbose_name_plural = _("thesaurus entries")
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["label"], name="search_thesaurus_entry_label_unique"),
            Check(condition=~models.Q(label=""), name="search_thesaurus_entry_label_not_empty"),
        ]

    def __str__(self):
        return self.label


class ThesaurusTerm(models.Model):
    """One expression of a thesaurus entry, in a language, of a kind."""

    class Language(models.TextChoices):
        ANY = "any", _("any language")
        EN = "en", _("English")
        FR = "fr", _("French")
        ES = "es", _("Spanish")

    class Kind(models.TextChoices):
        SYNONYM = "synonym", _("synonym")
        VARIANT = "variant", _("spelling variant")
        ACRONYM = "acronym", _("acronym")
        EXPANSION = "expansion", _("expansion of an acronym")
        TRANSLATION = "translation", _("translation")
        NARROWER = "narrower", _("narrower term")
        DEMONYM = "demonym", _("name of the people or adjective of a country")

    entry = models.ForeignKey(
        ThesaurusEntry, on_delete=models.CASCADE, related_name="terms", verbose_name=_("entry")
    )
    text = models.CharField(_("expression"), max_length=200)
    language = models.CharField(
        _("language"), max_length=3, choices=Language.choices, default=Language.ANY
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SYNONYM)
    expands = models.BooleanField(
        _("expands"),
        default=True,
        help_text=_(
            "Searching this expression searches the group's others too. Untick it for a "
            "broader or ambiguous word (“commission”) that the others should find, but "
            "that should not bring them in when searched alone."
        ),
    )

    class Meta:
        verbose_name = _("thesaurus expression")
        verbose_name_plural = _("thesaurus expressions")
        ordering = ["entry", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "text"], name="search_thesaurus_term_unique_in_entry"
            ),
            Check(condition=~models.Q(text=""), name="search_thesaurus_term_text_not_empty"),
            Check(
                condition=models.Q(language__in=["any", "en", "fr", "es"]),
                name="search_thesaurus_term_language_valid",
            ),
            Check(
                condition=models.Q(
                    kind__in=[
                        "synonym",
                        "variant",
                        "acronym",
                        "expansion",
                        "translation",
                        "narrower",
                        "demonym",
                    ]
                ),
                name="search_thesaurus_term_kind_valid",
            ),
        ]

    def __str__(self):
        return self.text


class VocabularyWord(models.Model):
    """A word of the index (lower case, without accents), with the number of documents it
    was in when the index was last rebuilt: what a misspelt word is corrected to
    (`search.spelling`). Rebuilt with the index; a write adds its new words (count 1)
    and removes none, so every word of the index is here."""

    derived_data = True  # rebuilt with the index: not backed up (coherence.backup)

    word = models.CharField(_("word"), max_length=100, primary_key=True)
    documents = models.PositiveIntegerField(_("documents"), default=1)

    class Meta:
        verbose_name = _("vocabulary word")
        verbose_name_plural = _("vocabulary words")

    def __str__(self):
        return self.word
