"""The admin of the reference framework: where editors curate countries, institutions,
tools, sources and citations.

- `records`: what every record's admin builds on (saves through the services, the
  publishing actions and panel);
- `citations`: a record's citations, as an inline on its page;
- `reference`: the reference framework's records (levels, elements, themes, regions,
  countries, institutions, tools);
- `sources`: the source papers, their passages, and citations on their own;
- `redirects`: the old addresses of merged or renamed records;
- `frameworks`: the frameworks practices are classified by (GCM, SDGs);
- `coherence.admin_events`: events, sessions, people, their roles and memberships.

Importing this package (Django's admin autodiscovery) registers them all.
"""

from .. import admin_events  # noqa: F401 - events, people, roles, memberships
from . import frameworks, redirects, reference, sources  # noqa: F401
