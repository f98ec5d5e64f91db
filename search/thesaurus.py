"""The thesaurus at query time (issue 24): a word or phrase of a query that is one of a
thesaurus entry's expressions is searched together with the entry's other expressions.

The entries (`ThesaurusEntry`, `ThesaurusTerm`) are held per thread and data version
(`coherence.data_version`: an editor's change to the thesaurus bumps it, like any
watched write): a search costs one small query beyond its own, which reads the version,
and the entries too when the version is not the one held.

Expansion keeps the query's meaning: the words typed must all be found, as before, or an
equivalent expression instead. Words typed in a row that make one expression ("money sent
home") are each given the alternatives, so that `money sent home migrants` is `(money OR
remittances OR ...) (sent OR remittances OR ...) (home OR remittances OR ...) migrants`,
which is "all three words, or one of the equivalents" (and "migrants"). A quoted phrase and
an excluded word are searched as typed. Expressions are compared without case, accents,
stop words and a plural "s", so `Remittance`, `remittances` and `REMITTANCES` all match
the expression "remittances".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections

from .query import LANGUAGES, Query, Term
from .stopwords import STOP_WORDS_BY_LANGUAGE

_WORD = re.compile(r"[^\W_]+")
# At most this many expressions are added to a word or phrase typed.
MAX_ALTERNATIVES = 16


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _normal(word: str) -> str:
    word = _fold(word)
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def key_words(text: str, language: str) -> tuple[str, ...]:
    """The words of an expression as the thesaurus compares them in a query of
    `language`: folded, without its stop words (which the query parser drops) and a final
    plural "s"."""
    stop_words = STOP_WORDS_BY_LANGUAGE[language]
    return tuple(_normal(word) for word in _WORD.findall(text) if _fold(word) not in stop_words)


@dataclass(frozen=True)
class Expansion:
    """What a word or phrase typed was searched with: `typed`, as typed, and the
    thesaurus's `alternatives` for it, with the language of each (`languages`, in the
    same order: "en", "fr", "es", or "any" when it is not one language's)."""

    typed: str
    alternatives: tuple[str, ...]
    languages: tuple[str, ...] = ()

    def labelled(self) -> list[tuple[str, str]]:
        """(alternative, its language) pairs, "any" where the language is not known."""
        languages = self.languages or ("any",) * len(self.alternatives)
        return list(zip(self.alternatives, languages, strict=True))


@dataclass
class Thesaurus:
    """The active entries, as lists of expressions, with the index of the expressions
    that expand (by language and key words)."""

    entries: list[tuple[str, ...]] = field(default_factory=list)
    index: dict[str, dict[tuple[str, ...], list[int]]] = field(default_factory=dict)
    longest: int = 0
    languages: dict[str, str] = field(default_factory=dict)
    """The language of each expression (the first given, when one is in two entries)."""

    @classmethod
    def from_rows(cls, rows) -> Thesaurus:
        """The thesaurus of (entry id, text, expands, language) rows, in the entries'
        order."""
        thesaurus = cls(index={language: {} for language in LANGUAGES})
        positions: dict[int, int] = {}
        texts: dict[int, list[str]] = {}
        for entry_id, text, expands, language in rows:
            text = " ".join(text.split())
            thesaurus.languages.setdefault(text, language or "any")
            if entry_id not in positions:
                positions[entry_id] = len(positions)
                texts[entry_id] = []
            texts[entry_id].append(text)
            if not expands:
                continue
            for language in LANGUAGES:
                key = key_words(text, language)
                if key:
                    entries = thesaurus.index[language].setdefault(key, [])
                    if positions[entry_id] not in entries:
                        entries.append(positions[entry_id])
                    thesaurus.longest = max(thesaurus.longest, len(key))
        thesaurus.entries = [tuple(dict.fromkeys(texts[pk])) for pk in positions]
        return thesaurus

    def alternatives(self, key: tuple[str, ...], language: str) -> tuple[str, ...]:
        found: list[str] = []
        for position in self.index.get(language, {}).get(key, ()):
            found += self.entries[position]
        return tuple(dict.fromkeys(found))

    def expand(self, query: Query) -> tuple[Query, tuple[Expansion, ...]]:
        """The query with each word or phrase typed that is an expression of the
        thesaurus searched with its alternatives too, and what was added."""
        language = query.language
        groups = list(query.groups)
        expanded_groups: list[tuple[Term, ...]] = []
        expansions: list[Expansion] = []
        i = 0
        while i < len(groups):
            match = self._longest_match(groups, i, language)
            if match:
                end, alternatives = match
                typed = " ".join(group[0].text for group in groups[i:end])
                added = _added(alternatives, [typed], language)
                if added:
                    expansions.append(self._expansion(typed, added))
                for group in groups[i:end]:
                    expanded_groups.append(_unique((*group, *added)))
                i = end
                continue
            terms: list[Term] = []
            for term in groups[i]:
                terms.append(term)
                if term.phrase:
                    continue
                key = key_words(term.text, language)
                alternatives = self.alternatives(key, language) if key else ()
                added = _added(alternatives, [term.text], language)
                if added:
                    expansions.append(self._expansion(term.text, added))
                    terms += added
            expanded_groups.append(_unique(terms))
            i += 1
        if not expansions:
            return query, ()
        return Query(
            text=query.text,
            groups=tuple(expanded_groups),
            excluded=query.excluded,
            language=language,
        ), tuple(expansions)

    def _expansion(self, typed: str, added: list[Term]) -> Expansion:
        texts = tuple(term.text for term in added)
        return Expansion(typed, texts, tuple(self.languages.get(text, "any") for text in texts))

    def _longest_match(self, groups, start, language):
        """The end of the longest run of single, unquoted words from `start` that is an
        expression of the thesaurus (two words or more), with its alternatives."""
        words: list[str] = []
        best = None
        for end in range(start, min(len(groups), start + self.longest)):
            group = groups[end]
            if len(group) != 1 or group[0].phrase:
                break
            words += key_words(group[0].text, language)
            if end > start and len(words) > 1:
                alternatives = self.alternatives(tuple(words), language)
                if alternatives:
                    best = (end + 1, alternatives)
            if len(words) >= self.longest:
                break
        return best


def _unique(terms) -> tuple[Term, ...]:
    return tuple(dict.fromkeys(terms))


def _added(alternatives, typed: list[str], language: str) -> list[Term]:
    """The alternatives as terms (phrases for several words), but those the words typed
    already are (and those with only stop words), at most `MAX_ALTERNATIVES`."""
    # Compared as written (folded): "Commission on ..." and "Commission for ..." differ by
    # a stop word only, which a phrase of SQLite's FTS5 does not skip.
    same = {" ".join(_fold(word) for word in _WORD.findall(text)) for text in typed}
    added = []
    for text in alternatives:
        written = " ".join(_fold(word) for word in _WORD.findall(text))
        if not key_words(text, language) or written in same:
            continue
        same.add(written)
        added.append(Term(text, phrase=len(_WORD.findall(text)) > 1))
        if len(added) >= MAX_ALTERNATIVES:
            break
    return added


_cache = threading.local()

# One query whatever happened: the data version (`coherence.data_version`, which every
# write to the thesaurus changes), the active entries' expressions only when it is not the
# version of the thesaurus this thread holds, and which of the words asked about the
# index's vocabulary holds (`search.spelling`).
_READ = """
SELECT 0, CAST(version.token AS TEXT), term.entry_id, term.id, term.text, term.expands,
    term.language
FROM (SELECT 1 AS one) AS start
LEFT JOIN coherence_dataversion AS version ON version.id = 1
LEFT JOIN search_thesaurusterm AS term
    ON (version.token IS NULL OR CAST(version.token AS TEXT) <> %s)
    AND term.entry_id IN (SELECT id FROM search_thesaurusentry WHERE active)
"""
_KNOWN = """
UNION ALL
SELECT 1, NULL, NULL, NULL, word, NULL, NULL FROM search_vocabularyword WHERE word IN ({})
"""


def current(using: str = DEFAULT_DB_ALIAS) -> Thesaurus:
    """The thesaurus as the database holds it now, in one query: read again only when
    the data version changed since this thread last read it."""
    return current_and_known(using)[0]


def current_and_known(
    using: str = DEFAULT_DB_ALIAS, words: tuple[str, ...] = ()
) -> tuple[Thesaurus, set[str]]:
    """`current()`, and which of these folded `words` the vocabulary holds, in one
    query."""
    cached = getattr(_cache, "entries", None)
    if cached is None:
        cached = _cache.entries = {}
    version, thesaurus = cached.get(using, (None, None))
    sql, params = _READ, [version or ""]
    words = tuple(dict.fromkeys(words))
    if words:
        sql += _KNOWN.format(", ".join(["%s"] * len(words)))
        params += list(words)
    with connections[using].cursor() as cursor:
        cursor.execute(sql + " ORDER BY 1, 3, 4", params)
        rows = cursor.fetchall()
    terms = [row for row in rows if row[0] == 0]
    known = {row[4] for row in rows if row[0] == 1}
    token = terms[0][1] if terms else None
    if thesaurus is None or token is None or token != version:
        thesaurus = Thesaurus.from_rows(
            (entry_id, text, expands, language)
            for *_start, entry_id, _pk, text, expands, language in terms
            if entry_id
        )
        cached[using] = (token, thesaurus)
    return thesaurus, known


def expand(query: Query, using: str = DEFAULT_DB_ALIAS) -> tuple[Query, tuple[Expansion, ...]]:
    """`Thesaurus.expand` with the current thesaurus."""
    if query.is_empty:
        return query, ()
    return current(using).expand(query)
