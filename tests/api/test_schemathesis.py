"""The whole OpenAPI schema exercised by schemathesis, in-process (WSGI), with every check
it has, with data that fits the schema and data that does not, anonymously and with a
write token: any failure fails the test. Bounded (few examples per operation, a fixed
seed) so that it runs in about a minute per database."""

import pytest
import schemathesis
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.generation import GenerationMode

from coherence.wsgi import application

pytestmark = pytest.mark.django_db

load_all_checks()
# Every check schemathesis has that judges one response (the stateful ones need links).
ALL_CHECKS = [
    check for check in CHECKS.get_all() if callable(check) and not isinstance(check, type)
]

# One setting is told, not switched off: a filter takes strings, but only the keys of
# existing records (`?country=MEX`) are valid: an unknown key is a 400 naming the
# parameter by contract, and a detail of a key that names nothing is a 404.
CONFIG = schemathesis.config.SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "304", "400", "401", "403", "404", "409"]
"""
)
MAX_EXAMPLES = 5


@pytest.fixture
def api_schema(world, monkeypatch):
    # Throttling has tests of its own; here it would only cut the run short.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    # As Django's test client does: the WSGI handler would otherwise close the test's
    # database connection (inside its transaction) at the end of every request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def write_token(django_user_model):
    """A token whose user may write every record the API writes, and contribute and
    review (a verified e-mail, the group `reviewer`): the contributions' endpoints then
    answer their writes, not only 403."""
    user = django_user_model.objects.create_user(
        "schemathesis", email="schemathesis@example.org", password="pw-schema-123"
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    user.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__model__in=["practice", "institution", "policytool", "recommendation"]
        )
    )
    return AuthToken.objects.create(user=user)[1]


def run(api_schema, headers):
    # Each operation in turn (schemathesis' own pytest plugin does not run on this
    # pytest); failures are gathered so that one run shows them all.
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def check(case):
                case.call_and_validate(headers=headers, checks=ALL_CHECKS)

            try:
                check()
            except Unsatisfiable:
                continue  # nothing to make invalid (the root takes no parameters)
            except (Exception, BaseExceptionGroup) as error:
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {error}")
    assert not failures, "\n\n".join(failures)


def test_api_conforms_to_its_schema_anonymously(api_schema):
    run(api_schema, headers=None)


def test_api_conforms_to_its_schema_with_a_write_token(api_schema, write_token):
    # The writes it makes (records created, changed, deleted) are the run's own: each
    # operation still answers as its schema says, whatever the earlier ones did.
    run(api_schema, headers={"Authorization": f"Bearer {write_token}"})
