"""The shared FilterSets of practices, recommendations, findings, and of countries by
their practices: the same query parameters on the pages and in the API
(`/practices/?country=MEX` and `/api/v1/practices/?country=MEX`; see
`coherence/filters.py` for the conventions).

- `fields`: the filters and form fields the FilterSets are made of (a facet's keys checked
  against the facet index, the papers of an event, the classification, the search);
- `forms`: filters and form fields shared with the FilterSet's class rather than copied
  for each request, and the form that validates only the parameters given;
- `practices`: the practices' FilterSet, whose facets make a `Selection`;
- `recommendations`: the recommendations' FilterSet;
- `countries`: the FilterSets of country findings and of countries by their practices.
"""
