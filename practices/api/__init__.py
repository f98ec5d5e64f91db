"""The API's resources of practices and of the reference records joined with them
(registered on the one router, `coherence.api`), and the change feed."""
