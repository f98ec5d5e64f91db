"""Realistic synthetic records, for benchmarks at scale (`manage.py generate_synthetic`).

The records look like the curated ones: practices with a title, a summary, a
description and sometimes outcomes and challenges, written from the vocabulary of the
GFMD papers; countries with roles (a bilateral partnership links both sides),
institutions with roles, tools, coherence levels, elements, themes, years, statuses and
citations of synthetic source papers whose passages contain the quotes. Words follow a
realistic spread: a few very common ("migration"), many rare ("tontine"). Everything is
published, and everything is drawn from one seeded random generator, so the same seed
gives the same records. Slugs start with `synthetic-`.
"""

from .generator import SLUG_PREFIX, Generator, Sizes

__all__ = ["SLUG_PREFIX", "Generator", "Sizes"]
