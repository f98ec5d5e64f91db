"""The task queue (Celery): slow work off the request, such as the text extraction of an
uploaded document and the e-mails of a contribution's review.

Without `CELERY_BROKER_URL` (development, tests, `make run`) tasks run at once in the
process that queues them, so the site stays one command; production sets a broker
(Redis) and runs a worker: `celery -A coherence worker` (README, docs/operations.md).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coherence.settings")

app = Celery("coherence")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
