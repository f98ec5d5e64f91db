"""Settings for the Policy Coherence Knowledge Base.

One module, driven by environment variables (see `.env.example` and the README).
Production-safe by default: DEBUG is off and a SECRET_KEY is required unless DEBUG is on.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string, or set DEBUG=1 for local development (which uses a development-only key)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin: its admin classes and the translated fields of content records.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "knox",
    "corsheaders",
    "csp",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "coherence",
    "practices",
    "search",
    # Accounts of focal points and partners (issue 23): sign-up, e-mail verification,
    # password reset (django-allauth), profiles, roles and API tokens (accounts/).
    "allauth",
    "allauth.account",
    "accounts",
    "contributions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A first visit to an English page in a French or Spanish browser: to its page in that
    # language (coherence/languages.py).
    "coherence.languages.FirstVisitLanguageMiddleware",
    # The API's language (`?lang=`, else Accept-Language): after LocaleMiddleware, which
    # activates English for paths without a language prefix (coherence/rest/languages.py).
    "coherence.rest.languages.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Problem details, not the HTML debug page, for an API error with DEBUG on.
    "coherence.errors.ApiErrorsInDebugMiddleware",
    # A 404 for an old slug of a merged or renamed record: 301 to the record now (redirects.py).
    "coherence.redirects.SlugRedirectMiddleware",
    # After every middleware that reads the request or adds headers to the response, so
    # that they run for a cached response too (coherence/response_cache.py).
    "coherence.response_cache.ResponseCacheMiddleware",
    # Last, as django-axes requires: turns a refused login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coherence.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "coherence.languages.context",
                "coherence.navigation.context",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Records' text in the page's language and counts in its number format, in
            # every template (coherence/templatetags/languages.py).
            "builtins": ["coherence.templatetags.languages"],
        },
    },
]

WSGI_APPLICATION = "coherence.wsgi.application"
ASGI_APPLICATION = "coherence.asgi.application"

# Database: DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/coherence.
# The embedded default is a SQLite file in the project root (git-ignored).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers run while a write is in progress; IMMEDIATE makes writers
            # queue for the lock instead of failing with "database is locked" mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# A connection serves the requests of its thread for up to a minute, on either database:
# opening one costs more than serving a cached response (a new SQLite connection also
# runs the PRAGMAs above), which halved SQLite's throughput (docs/performance.md).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# dumpdata/loaddata's JSON keeps times to the microsecond and history's keys of deleted
# records, so that a backup restores exactly (docs/operations.md).
SERIALIZATION_MODULES = {"json": "coherence.serialization"}
# Links typed without a scheme are https:// (the Django 6 default, opted into now).
FORMS_URLFIELD_ASSUME_HTTPS = True

# Cache: CACHE_URL, e.g. redis://127.0.0.1:6379/1; in-process memory by default.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The API's rate limits are counted in this cache. An in-process cache is one per gunicorn
# worker, so each worker would count on its own (120/min becomes 360/min with three), and
# the dummy cache counts nothing: production refuses both.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "keeps its entries in each process",
    "django.core.cache.backends.dummy.DummyCache": "keeps nothing",
}
if not DEBUG and CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        f"CACHE_URL={env.str('CACHE_URL', default='locmemcache://')!r} is a cache that "
        f"{PER_PROCESS_CACHES[CACHES['default']['BACKEND']]}: the API's rate limits would be "
        "counted by each worker process on its own (120/min becomes 360/min with three "
        "workers). Set CACHE_URL to a cache the processes share: Redis "
        "(redis://127.0.0.1:6379/1) or the database (dbcache://coherence_cache, after "
        "`manage.py createcachetable`)."
    )

# The shared response cache (docs/decisions/0012-response-cache.md): anonymous reads of the
# pages and the API, whole, in the cache above, keyed by the data's version (never stale).
# Off while developing (DEBUG), where templates and code change under a running server.
RESPONSE_CACHE = env.bool("RESPONSE_CACHE", default=not DEBUG)
RESPONSE_CACHE_ALIAS = "default"
# How long an entry stays: entries of older data versions are never read again.
RESPONSE_CACHE_SECONDS = env.int("RESPONSE_CACHE_SECONDS", default=3600)
RESPONSE_CACHE_MAX_BYTES = env.int("RESPONSE_CACHE_MAX_BYTES", default=2_000_000)
# Part of every key: responses rendered by other code are not served. A new one at each
# start unless set (e.g. to the release's commit), which servers of one release then share.
RESPONSE_CACHE_RELEASE = env.str("RESPONSE_CACHE_RELEASE", default="") or secrets.token_hex(8)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated fields of content and reference records (django-modeltranslation): `title_en`,
# `title_fr`, `title_es` beside `title`; a field without a translation falls back to English,
# which the pages mark with lang="en" (coherence.translated).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files while developing and testing,
        # so nothing needs `collectstatic` before it runs.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# HTTPS: on by default in production; each can be turned off by its variable
# (for example SECURE_SSL_REDIRECT=0 when a proxy in front already redirects).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
USE_X_FORWARDED_PROTO = env.bool("USE_X_FORWARDED_PROTO", default=False)
if USE_X_FORWARDED_PROTO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append the client's address to X-Forwarded-For: the
# API throttles and the admin's login lockouts take the address that many entries from the
# right (a client can prepend anything; it cannot forge what the proxies add). 0: the
# connection's own address. One proxy is assumed where one terminates TLS.
PROXY_COUNT = env.int("PROXY_COUNT", default=1 if USE_X_FORWARDED_PROTO else 0)

# Content-Security-Policy (django-csp) on every response, the API's included: the site's own
# scripts, styles, images and fonts only; no inline script or style, no eval, no plugins,
# never framed, forms posted only to the site. The API docs pages add what their bundles
# need, for their responses alone (coherence/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Sign-in, the admin's and the site's (django-axes, its attempts in the database, so shared
# by every worker): after LOGIN_FAILURE_LIMIT failures for one account (from any address),
# or from one address (for any account), sign-in is refused for LOGIN_COOLOFF_MINUTES, the
# right password included; attempts while refused do not extend it. A success clears the
# count. The site's sign-in (django-allauth) authenticates by e-mail: axes counts the
# e-mail as the account's name (accounts.security.login_name).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "coherence.security.client_address"
AXES_USERNAME_CALLABLE = "accounts.security.login_name"
# The admin's refusal page for the admin, the site's for the site's sign-in.
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False  # no banner in the log of every process that starts

# Accounts (django-allauth, issue 23): focal points and partners sign up with their e-mail,
# which they must verify before they can contribute or hold API tokens (accounts/roles.py).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# E-mails in the language of their recipient's profile (accounts.adapter).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Policy Coherence KB] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Rate limits, counted in the shared cache: allauth's defaults (among them: 5 failed
# sign-ins for one e-mail in 5 minutes, 10 a minute from one address, then refused for a
# while), sign-ups from one address limited by the environment.
ACCOUNT_RATE_LIMITS = {"signup": env.str("SIGNUP_RATE_LIMIT", default="20/h/ip")}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGOUT_REDIRECT_URL = "coherence:home"

# E-mail: EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587; printed to the
# console by default. DEFAULT_FROM_EMAIL is the sender of the verification and reset e-mails.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update({name: value for name, value in EMAIL_CONFIG.items() if value is not None})
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Search (docs/decisions/0002-search.md): how many of a record type's newest matches a
# search ranks and counts exactly; a broad search ranks those and estimates its count.
SEARCH_RANK_WINDOW = env.int("SEARCH_RANK_WINDOW", default=1000)

# Contributions (issue 23): a source document uploaded with a practice (PDF, DOCX or plain
# text) is refused over this size (HTTP 413) or over this many PDF pages, and its parsing
# (in a child process, contributions.extraction) is killed after this many seconds.
CONTRIBUTION_UPLOAD_MAX_BYTES = env.int("CONTRIBUTION_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
CONTRIBUTION_UPLOAD_MAX_PAGES = env.int("CONTRIBUTION_UPLOAD_MAX_PAGES", default=300)
CONTRIBUTION_EXTRACTION_SECONDS = env.int("CONTRIBUTION_EXTRACTION_SECONDS", default=30)

# Seed data: the curated fixtures that `python manage.py load_knowledge_base` loads.
FIXTURES_ROOT = BASE_DIR / "fixtures"

# REST API v1 (issue 5, docs/api.md) ---------------------------------------------------------
# Reads are public; writes need a token (django-rest-knox: stored hashed, expiring; sent as
# `Bearer` or `Token`, coherence.rest.auth) of a user with the model permission. Throttle
# rates per client, from the environment.
API_THROTTLE_ANON = env.str("API_THROTTLE_ANON", default="120/min")
API_THROTTLE_USER = env.str("API_THROTTLE_USER", default="1200/min")
# Contributions (contributions.throttling): uploads, and new submissions and comments, per user.
API_THROTTLE_UPLOADS = env.str("API_THROTTLE_UPLOADS", default="30/hour")
API_THROTTLE_SUBMISSIONS = env.str("API_THROTTLE_SUBMISSIONS", default="60/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["coherence.rest.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["coherence.rest.parsers.BoundedJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "coherence.rest.negotiation.FormatFirstNegotiation",
    "DEFAULT_SCHEMA_CLASS": "coherence.rest.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "coherence.rest.errors.exception_handler",
    # DRF's anonymous and user throttles, their logs counted in one round trip to Redis
    # (coherence.rest.throttling).
    "DEFAULT_THROTTLE_CLASSES": [
        "coherence.rest.throttling.AnonRateThrottle",
        "coherence.rest.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": API_THROTTLE_ANON,
        "user": API_THROTTLE_USER,
        "uploads": API_THROTTLE_UPLOADS,
        "submissions": API_THROTTLE_SUBMISSIONS,
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": PROXY_COUNT,
    "URL_FORMAT_OVERRIDE": "format",
}
# Knox's token model is swappable: named, so that a model may refer to it (accounts.TokenName).
KNOX_TOKEN_MODEL = "knox.AuthToken"
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_TTL": None,  # each token gets its own expiry when issued (issue_api_token)
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Policy Coherence Knowledge Base API",
    "DESCRIPTION": "Practices, countries, institutions, tools and the rest of the knowledge "
    "base, for partner systems. Reads are public; writes need `Authorization: Bearer <key>`. "
    "Every error is problem details (RFC 9457, `application/problem+json`).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts each one, a link, inside the button that opens its
    # operation (an interactive control nested in another, which axe counts as serious).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EditorialStateEnum": "coherence.models.base.EditorialState",
        "InstitutionKindEnum": "coherence.models.actors.InstitutionKind",
        "ToolKindEnum": "coherence.models.actors.PolicyToolKind",
        "ToolCategoryEnum": "coherence.models.actors.PolicyToolCategory",
        "RegionKindEnum": "coherence.models.geography.RegionKind",
        "SourceKindEnum": "coherence.models.sources.SourceKind",
        "RecommendationKindEnum": "practices.models.RecommendationKind",
        "ResourceTypeEnum": "practices.models.feed.FeedType",
        "ChangeActionEnum": "practices.models.feed.FeedAction",
        "EventKindEnum": "coherence.models.events.EventKind",
        "SessionKindEnum": "coherence.models.events.SessionKind",
        "RoleKindEnum": "coherence.models.events.RoleKind",
        # The contributions API (contributions.api) shares these choice sets.
        "PracticeCountryWriteRoleEnum": "practices.models.records.CountryRole",
        "PracticeInstitutionWriteRoleEnum": "practices.models.records.InstitutionRole",
        "SubmissionStateEnum": "contributions.models.SubmissionState",
        "DocumentStateEnum": "contributions.models.DocumentState",
    },
}
# Anyone's GET on the public data; nothing else crosses origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False

# Task queue (coherence/celery.py). No broker: tasks run at once, in the process that
# queues them (development, tests). Production: CELERY_BROKER_URL=redis://…/2 and a worker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# How long an upload through the API waits for its text before answering 202 (still
# extracting) rather than 201 with the passages counted.
CONTRIBUTION_UPLOAD_WAIT_SECONDS = env.int("CONTRIBUTION_UPLOAD_WAIT_SECONDS", default=20)
# The site's address, for the links in e-mails sent outside a request (the task queue).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
