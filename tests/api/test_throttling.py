import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    rates = {"anon": "3/min", "user": "5/min"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()


def test_anonymous_clients_are_throttled_with_retry_after(api, db, low_rates):
    statuses = [api.get("/api/v1/themes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/themes/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]


def test_tokens_have_their_own_rate(api, db, low_rates, django_user_model):
    user = django_user_model.objects.create_user("partner")
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    statuses = [api.get("/api/v1/themes/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_rates_come_from_the_environment(monkeypatch):
    import importlib

    from coherence import settings

    monkeypatch.setenv("API_THROTTLE_ANON", "7/min")
    monkeypatch.setenv("API_THROTTLE_USER", "70/min")
    monkeypatch.setenv("DEBUG", "1")
    reloaded = importlib.reload(settings)
    try:
        rates = reloaded.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        assert {"anon": rates["anon"], "user": rates["user"]} == {
            "anon": "7/min",
            "user": "70/min",
        }
    finally:
        monkeypatch.delenv("API_THROTTLE_ANON")
        monkeypatch.delenv("API_THROTTLE_USER")
        importlib.reload(settings)
    assert api_settings.DEFAULT_THROTTLE_RATES["anon"]
