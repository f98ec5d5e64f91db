#!/usr/bin/env python
"""Regenerate fixtures/reference/countries.json and regions.json from a maintained dataset.

The source is the "Countries & Territories Taxonomy" CSV that the Humanitarian Data
Exchange maintains and bundles with the `hdx-python-country` package: ISO 3166-1 alpha-2
and alpha-3 codes, UN M49 codes, English names and the M49 region, sub-region and
intermediate region of every country and territory, plus Kosovo (XKX), with the UN
Terminology Database's official short names in French and Spanish (falling back to the M49
list's French and Spanish names). The regions' French and Spanish names come from the
Unicode CLDR (through Babel), which names the M49 regions by their codes; a region CLDR does
not name (the Channel Islands) keeps its English name only.

    make countries                      # downloads the pinned package and runs this script
    python scripts/build_country_fixture.py --csv PATH/TO/taxonomy.csv

Nothing in the output is typed by hand: edit the dataset version in the Makefile instead.
"""

import argparse
import csv
import importlib.metadata
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "fixtures" / "reference"

# Territories the taxonomy lists without an ISO 3166-1 code that the papers name.
EXTRA_ALPHA3 = {"XKX"}


def slugify(value: str) -> str:
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def read_rows(csv_path: Path):
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            iso3 = row["ISO 3166-1 Alpha 3-Codes"].strip()
            iso2 = row["ISO 3166-1 Alpha 2-Codes"].strip()
            if not iso3 and row["x Alpha3 codes"].strip() in EXTRA_ALPHA3:
                iso3, iso2 = row["x Alpha3 codes"].strip(), row["x Alpha2 codes"].strip()
            if not iso3 or row["Deprecated"].strip() == "Y":
                continue
            yield iso3, iso2, row


TRANSLATED = ("fr", "es")


def region_names(m49: int) -> dict:
    """The region's name in French and Spanish from the CLDR, by its M49 code."""
    from babel import Locale  # a development requirement, only for this script

    names = {}
    for language in TRANSLATED:
        name = Locale(language).territories.get(f"{m49:03d}")
        if name:
            names[f"name_{language}"] = name
    return names


def country_names(row) -> dict:
    names = {}
    for language, label in (("fr", "French"), ("es", "Spanish")):
        name = row[f"{label} Short"].strip() or row[f"M49 {label}"].strip()
        if name:
            names[f"name_{language}"] = name
    return names


def build(csv_path: Path):
    regions: dict[str, dict] = {}
    countries = []

    def region(code, name, kind, parent):
        if not code or not name:
            return None
        slug = slugify(name)
        regions.setdefault(
            slug,
            {
                "slug": slug,
                "name": name,
                **region_names(int(code)),
                "m49": int(code),
                "kind": kind,
                "parent": parent,
            },
        )
        return slug

    for iso3, iso2, row in read_rows(csv_path):
        top = region(row["Region Code"], row["Region Name"], "region", None)
        sub = region(row["Sub-region Code"], row["Sub-region Name"], "subregion", top)
        inter = region(
            row["Intermediate Region Code"], row["Intermediate Region Name"], "intermediate", sub
        )
        m49 = row["m49 numerical code"].strip()
        formal = row["English Formal"].strip()
        formal = formal[:1].upper() + formal[1:]  # "the Republic of…" in running text
        countries.append(
            {
                "iso3": iso3,
                "iso2": iso2,
                "m49": int(m49) if m49 else None,
                "name": row["Preferred Term"].strip(),
                **country_names(row),
                "formal_name": formal,
                "region": top,
                "subregion": sub,
                "intermediate_region": inter,
            }
        )

    order = {"region": 0, "subregion": 1, "intermediate": 2}
    region_records = sorted(regions.values(), key=lambda r: (order[r["kind"]], r["name"]))
    countries.sort(key=lambda c: c["iso3"])
    return region_records, countries


def write(name, record_type, records, source):
    path = OUTPUT / name
    document = {
        "type": record_type,
        "generated_by": "scripts/build_country_fixture.py",
        "source": source,
        "records": records,
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} records to {path.relative_to(ROOT)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, required=True, help="the taxonomy CSV")
    parser.add_argument(
        "--source-label",
        default="hdx-python-country: Countries & Territories Taxonomy MVP - C&T Taxonomy.csv",
    )
    args = parser.parse_args(argv)
    regions, countries = build(args.csv)
    if not any(c["iso3"] == "XKX" for c in countries):
        sys.exit("Kosovo (XKX) is missing from the dataset; the papers name it.")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    cldr = f"region names in French and Spanish: Unicode CLDR (Babel {importlib.metadata.version('babel')})"
    write("regions.json", "region", regions, f"{args.source_label}; {cldr}")
    write("countries.json", "country", countries, args.source_label)


if __name__ == "__main__":
    main()
