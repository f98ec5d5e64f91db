"""A record's versions, read back and compared, and a revert to one of them.

A version (see `coherence.versions`) is a history row of the record with its links as they
stood at that row's moment: the many-to-many links from the row's own snapshot, the link
rows with roles (a practice's countries and institutions) and the citations from their own
history, replayed up to the moment.

- `states`: what a version holds; `versions_of()` reads the versions of a page of history
  rows in a fixed number of queries, `current_state()` the record as it is now;
- `comparison`: `changes()` says in words what one version changed from another;
- `revert`: `record_revert()` writes a version back through the services, so that the
  change feed and the history record the revert like any other write.
"""
