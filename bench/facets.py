"""Benchmark of the practices' facet counts (`practices.facets.practice_facets`), in-process.

    .venv/bin/python bench/facets.py                      # 10k and 100k on both databases
    .venv/bin/python bench/facets.py --scales 10000 --databases postgresql

It uses the databases of `bench/search.py` (prepared the same way, with
`generate_synthetic --practices <scale> --seed 1`) and times, with DEBUG off, in a fresh
process per database and scale:

- rebuild: the facet index built from the database after a write (`invalidate()`), then
  counted once, the cost the first request after a write pays;
- the counts for four filter shapes a sidebar shows, through the shared FilterSet: no
  filter (every published practice), one coherence level, a country and a coherence
  level, and a full-text search with a theme;
- the keys of a page of 50 practices by title, first and last page, as the index finds
  them for a list (`practices.listing`), for one level (many matches: the index walks
  the order) and for a country and a level (few: it sorts them).

Each shape runs once to warm up, then `--repeat` times; the table gives the median and the
95th percentile. Results also go to bench/results/facets.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import timed

SHAPES = {
    "no filter": "",
    "one level": "coherence_level=multilateral",
    "country + level": "country=MEX&coherence_level=intra-governmental",
    "search + theme": "search=diaspora&theme=remittances",
}


def measure(repeat: int) -> dict:
    common.setup_django()
    from django.db import DEFAULT_DB_ALIAS
    from django.http import QueryDict

    from practices import facet_index
    from practices.facets import practice_facets
    from practices.filters.practices import PracticeFilterSet
    from practices.listing import paged
    from practices.models import Practice

    def rebuild():
        facet_index.invalidate(DEFAULT_DB_ALIAS)
        practice_facets(Practice.objects.published())

    timings = {"rebuild after a write": timed(rebuild, max(3, repeat // 10))}
    index = facet_index.index_for(DEFAULT_DB_ALIAS)
    for shape, query in SHAPES.items():
        filterset = PracticeFilterSet(QueryDict(query), queryset=Practice.objects.published())
        assert filterset.is_valid(), filterset.errors
        timings[shape] = timed(lambda qs=filterset.qs: practice_facets(qs), repeat)
    for shape in ("one level", "country + level"):
        filterset = PracticeFilterSet(
            QueryDict(SHAPES[shape]), queryset=Practice.objects.published()
        )
        assert filterset.is_valid(), filterset.errors
        listing = paged(filterset.qs)
        last = max(0, listing.count() - 50)
        timings[f"first page ({shape})"] = timed(lambda li=listing: li.pks(0, 50), repeat)
        timings[f"last page ({shape})"] = timed(lambda li=listing, n=last: li.pks(n, 50), repeat)
    values = {id(v): v for table in index.selectable.values() for v in table.values()}
    values.update({id(v): v for facet in index.facets.values() for v in facet})
    size = (
        sys.getsizeof(index.positions)
        + sys.getsizeof(index.pks)
        + sum(sys.getsizeof(a) for a in (*index.orders.values(), *index.rank_arrays.values()))
        + sum(
            sys.getsizeof(value.bits)
            + sys.getsizeof(value.positions or 0)
            + 28 * len(value.positions or ())
            for value in values.values()
        )
    )
    print(f"facet index: {size / 2**20:.1f} MB", file=sys.stderr)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--quiet-load", type=float, default=1.0)
    parser.add_argument("--wait", type=int, default=0)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return

    results = []
    for database in args.databases:
        for scale in args.scales:
            url = common.prepare_synthetic(common.database_url(database, scale), scale)
            load = common.wait_for_quiet(args.quiet_load, args.wait)
            # The index's size goes to stderr, shown as it runs.
            timings = common.run_measurement(__file__, url, "--repeat", str(args.repeat))
            load = (load, round(os.getloadavg()[0], 2))
            results.append({"database": database, "scale": scale, "load": load, "timings": timings})
            print("\n".join(common.table(results[-1:]).splitlines()[2:]), file=sys.stderr)
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    (common.RESULTS / "facets.json").write_text(
        json.dumps({"machine": common.machine(), "results": results}, indent=2)
    )
    print(f"Machine: {common.machine()}\n")
    print(common.table(results))


if __name__ == "__main__":
    main()
