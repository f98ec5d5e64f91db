# The task queue, loaded with Django so that `shared_task` binds to it (coherence/celery.py).
from .celery import app as celery_app

__all__ = ("celery_app",)
