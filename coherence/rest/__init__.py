"""Shared pieces of the REST API v1: pagination, filtering, errors, conditional GET, CSV.

The viewsets live beside their apps (`coherence/rest/views.py` for the reference records,
`practices/api.py`); the one router is `coherence/api.py`.
"""
