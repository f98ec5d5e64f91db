"""Typo tolerance against the index's own vocabulary (issue 24).

The vocabulary (`VocabularyWord`) holds every word of the search documents, in lower case
and without accents, with the number of documents it was in when the index was last
rebuilt: `rebuild_vocabulary()` (with `rebuild_search_index` and migration 0004) counts
them, and every document written adds its new words (`add_words()`, count 1) and removes
none, so a word of the index is always in it (a word no longer anywhere may linger until
the next rebuild: it is only ever a candidate correction).

`correction(word)` is the closest frequent word of the vocabulary to a word that is not in
it: at most 1 edit away for a word of up to 5 letters, 2 for a longer one (Levenshtein
distance, `rapidfuzz`), the most frequent among the closest. Candidates come from the
database: PostgreSQL's `pg_trgm` trigram index (`word % 'remitances'`), SQLite's words of
a similar length; the distances are computed in Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from rapidfuzz.distance import Levenshtein

from .stopwords import STOP_WORDS_BY_LANGUAGE

# Words of letters only, from 3 to 40 of them: digits, codes and very long tokens are not
# corrected, nor corrected to.
_WORD = re.compile(r"[^\W\d_]{3,40}")
MIN_LENGTH = 3
BATCH = 2000
STOP_WORDS = frozenset().union(*STOP_WORDS_BY_LANGUAGE.values())


def fold(word: str) -> str:
    """Lower case, without accents: how the vocabulary holds words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words_of(text: str) -> set[str]:
    """The words of a text as the vocabulary holds them."""
    return {fold(word) for word in _WORD.findall(text or "")}


def _document_words(document) -> set[str]:
    found: set[str] = set()
    for name in ("title", "summary", "keywords", "body", *_LANGUAGE_FIELDS):
        found |= words_of(getattr(document, name, "") or "")
    return found


_LANGUAGE_FIELDS = tuple(
    f"{column}_{language}"
    for language in ("fr", "es")
    for column in ("title", "summary", "keywords")
)


def add_words(documents: Iterable, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Add the words of these documents that the vocabulary does not hold yet."""
    from .models import VocabularyWord

    words: set[str] = set()
    for document in documents:
        words |= _document_words(document)
    if words:
        VocabularyWord.objects.using(using).bulk_create(
            [VocabularyWord(word=word) for word in sorted(words)],
            ignore_conflicts=True,
            batch_size=BATCH,
        )


def rebuild_vocabulary(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Count the words of every search document again; return how many there are."""
    from .models import VocabularyWord
    from .models.sqlite_fts import INDEXES

    counts: Counter[str] = Counter()
    for document, _fts in INDEXES:
        fields = [
            field.name
            for field in document._meta.concrete_fields
            if field.name in ("title", "summary", "keywords", "body", *_LANGUAGE_FIELDS)
        ]
        for row in document.objects.using(using).values_list(*fields).iterator(chunk_size=BATCH):
            found: set[str] = set()
            for text in row:
                found |= words_of(text)
            counts.update(found)
    VocabularyWord.objects.using(using).all().delete()
    VocabularyWord.objects.using(using).bulk_create(
        [VocabularyWord(word=word, documents=n) for word, n in counts.items()], batch_size=BATCH
    )
    return len(counts)


def known_words(words: Iterable[str], *, using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """Which of these (folded) words the vocabulary holds: one query."""
    from .models import VocabularyWord

    words = list(dict.fromkeys(words))
    if not words:
        return set()
    return set(
        VocabularyWord.objects.using(using).filter(word__in=words).values_list("word", flat=True)
    )


def max_distance(word: str) -> int:
    """The edits a correction may make: 1 for a word of up to 5 letters, 2 beyond."""
    return 1 if len(word) <= 5 else 2


def correctable(word: str) -> bool:
    """Whether a word typed may be corrected at all: letters only, 3 or more of them, not
    a stop word of any language."""
    folded = fold(word)
    return bool(_WORD.fullmatch(folded)) and folded not in STOP_WORDS


def _candidates(word: str, using: str) -> list[tuple[str, int]]:
    connection = connections[using]
    limit = max_distance(word)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The trigram index finds the words that share enough trigrams; a typo in a
            # short word may share few, hence the lower threshold.
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = 0.25")
            cursor.execute(
                "SELECT word, documents FROM search_vocabularyword WHERE word %% %s "
                "ORDER BY word <-> %s LIMIT 200",
                [word, word],
            )
        else:
            cursor.execute(
                "SELECT word, documents FROM search_vocabularyword "
                "WHERE length(word) BETWEEN %s AND %s",
                [len(word) - limit, len(word) + limit],
            )
        return cursor.fetchall()


def correction(word: str, *, using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The vocabulary's closest word to `word` (folded) within `max_distance()`, the most
    frequent of the closest (then the first alphabetically), or None."""
    word = fold(word)
    limit = max_distance(word)
    best = None
    for candidate, documents in _candidates(word, using):
        if candidate == word or candidate in STOP_WORDS:
            continue
        distance = Levenshtein.distance(word, candidate, score_cutoff=limit)
        if distance > limit:
            continue
        key = (distance, -documents, candidate)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]
