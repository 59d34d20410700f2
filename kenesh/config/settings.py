"""Settings for every environment, read from the environment with a safe SQLite default.

Production sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and DJANGO_SECURE=1 (HTTPS); see
docs/deployment.md. Nothing secret lives in the repository: without DJANGO_SECRET_KEY a random key is
made once and kept in var/secret_key, which git ignores.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KENESH_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS hardening, on in production (DJANGO_SECURE=1); `manage.py check --deploy` passes with it.
SECURE = env_bool("DJANGO_SECURE")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
# Load balancers probe the health check over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    # Our apps first, so that their templates (404, 403, registration) win over contrib's.
    "kenesh.web",
    "kenesh.territory",
    "kenesh.accounts",
    "kenesh.messaging",
    "kenesh.audit",
    "kenesh.ops",
    "kenesh.budgets",
    "kenesh.pb",
    "kenesh.needs",
    "kenesh.plans",
    "kenesh.notices",
    "kenesh.hearings",
    "kenesh.surveys",
    "kenesh.subscriptions",
    "kenesh.appeals",
    "kenesh.monitoring",
    "kenesh.portal",
    "kenesh.portraits",
    "kenesh.home",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Only for the Swagger UI of /api/docs: with "ninja" installed it is served locally, not from a CDN.
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "csp",
    "django_prometheus",
    # The knowledge portal's editorial CMS (kenesh.portal): pages, revisions, moderation, images, documents.
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.users",
    "wagtail.sites",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    # First, so that the request log times everything below it.
    # Outermost, with its pair last: request counts and latencies for /metrics (kenesh.ops.metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "kenesh.ops.middleware.RequestLogMiddleware",
    # Before anything reads the database: public pages may read from the replica (kenesh.ops.replica).
    "kenesh.ops.replica.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After django-otp's: forgets a second factor that is too old or was idle too long.
    "kenesh.accounts.middleware.SecondFactorExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so that it sees every failed login.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "kenesh.config.urls"
WSGI_APPLICATION = "kenesh.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kenesh.web.context_processors.office",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'kenesh.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Django's own psycopg connection pool (KENESH_DB_POOL=1, PostgreSQL only): each process keeps up to
# KENESH_DB_POOL_MAX connections and lends them to its threads; persistent connections are then off.
if os.environ.get("KENESH_DB_POOL", "0") == "1" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("KENESH_DB_POOL_MIN", "2")),
        "max_size": int(os.environ.get("KENESH_DB_POOL_MAX", "8")),
        "timeout": int(os.environ.get("KENESH_DB_POOL_TIMEOUT", "10")),
    }
# A streaming replica for public read-only pages (kenesh.ops.replica); the same options as the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "TEST": {"MIRROR": "default"},
    }
    if "pool" in DATABASES["replica"]["OPTIONS"]:
        # A replica that does not answer is given up within seconds, not KENESH_DB_POOL_TIMEOUT (the
        # primary answers instead; bench/scale.py stops the replica under load).
        DATABASES["replica"]["OPTIONS"]["pool"] = {
            **DATABASES["replica"]["OPTIONS"]["pool"],
            "timeout": int(os.environ.get("KENESH_REPLICA_POOL_TIMEOUT", "2")),
        }
DATABASE_ROUTERS = ["kenesh.ops.replica.ReplicaRouter"]
# Who may read /metrics (kenesh.ops.metrics): addresses or networks, comma-separated.
KENESH_METRICS_ALLOWED_IPS = env_list("KENESH_METRICS_ALLOWED_IPS") or ["127.0.0.1", "::1"]
KENESH_REPLICA_PIN_SECONDS = int(os.environ.get("KENESH_REPLICA_PIN_SECONDS", "30"))
KENESH_REPLICA_RETRY_SECONDS = int(os.environ.get("KENESH_REPLICA_RETRY_SECONDS", "10"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        # Our people have a full name, a phone and an email, not Django's first/last name and username.
        "OPTIONS": {"user_attributes": ("full_name", "email", "phone")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home:home"

# Sessions: a signed-in citizen stays signed in for 14 days; an office second factor counts for at most
# 12 hours and lapses after 30 minutes without a request, after which office pages ask for a code again
# (kenesh.accounts.middleware). See "Rate limits and lock-outs" in docs/deployment.md.
SESSION_COOKIE_AGE = 14 * 24 * 3600
KENESH_SECOND_FACTOR_MAX_AGE = int(os.environ.get("KENESH_SECOND_FACTOR_MAX_AGE", str(12 * 3600)))
KENESH_SECOND_FACTOR_IDLE = int(os.environ.get("KENESH_SECOND_FACTOR_IDLE", str(30 * 60)))

# The shared cache every worker counts rate limits in: the database (run `manage.py createcachetable`
# wherever migrate runs), or Redis when KENESH_REDIS_URL is set. Never a per-process memory cache.
KENESH_REDIS_URL = os.environ.get("KENESH_REDIS_URL", "")
if KENESH_REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": KENESH_REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            # Django's database cache with an increment that holds under concurrent workers.
            "BACKEND": "kenesh.ops.cache.DatabaseCache",
            "LOCATION": "kenesh_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# The client's address is REMOTE_ADDR, or the X-Forwarded-For entry added by the nearest proxy when
# REMOTE_ADDR is one of these addresses or networks (kenesh.ops.clientip). Empty: the header is ignored.
KENESH_TRUSTED_PROXIES = env_list("KENESH_TRUSTED_PROXIES")

# django-ratelimit counts in the shared cache, keyed by kenesh.ops.clientip; the rates are in KENESH_RATES.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "kenesh.ops.clientip.client_ip_or_unknown"
# "Not officially supported": our database cache is a subclass with an atomic increment (kenesh.ops.cache).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Every limit, "count/period"; see docs/deployment.md for what each one counts and what happens past it.
KENESH_RATES = {
    # Failed sign-ins from one address, whatever the account: past it the address is refused for the window.
    "login-address": "30/h",
    # Failed sign-ins on one account from all addresses: past it the account's sign-in waits out the window.
    "login-account": "20/15m",
    # Wrong voting codes from one address; past "code-process" wrong codes of one process in an hour every
    # address gets only KENESH_CODE_STRICT_ATTEMPTS.
    "code-address": "20/10m",
    "code-process": "300/h",
    "signup-address": "20/h",
    # Password reset requests from one address, requests for one account (past it: the same answer, nothing
    # sent), and wrong reset codes from one address.
    "reset-address": "10/h",
    "reset-account": "3/h",
    "reset-code-address": "10/h",
    "comment-user": "10/10m",
    "comment-address": "60/h",
    "proposal-user": "5/h",
    "proposal-address": "20/h",
    # Incoming SMS per sender phone, and calls with a wrong webhook secret per address.
    "sms-sender": "20/10m",
    "sms-secret-address": "20/10m",
    # Appeals sent from one address, and wrong tracking codes from one address (kenesh.appeals).
    "appeal-address": "30/h",
    "appeal-track-address": "20/10m",
    # Anonymous survey answers sent from one address (kenesh.surveys): a household or a school's computer
    # may answer several times, a script may not.
    "survey-address": "30/h",
    # Subscriptions: invoices asked for and questions to the experts, per account.
    "invoice-account": "10/h",
    "question-account": "10/h",
}
KENESH_CODE_STRICT_ATTEMPTS = 3

# Login lock-out (django-axes): 5 failures per login name and address, then a one-hour lock-out of that
# pair only; the address comes from kenesh.ops.clientip. kenesh.accounts.lockout adds the per-address and
# per-account limits of KENESH_RATES.
AXES_FAILURE_LIMIT = int(os.environ.get("KENESH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "kenesh.ops.clientip.client_ip"
# "0700 123 456" and "+996700123456" count as one login name (kenesh.accounts.lockout).
AXES_USERNAME_CALLABLE = "kenesh.accounts.lockout.lockout_username"
# The login form's field; without this axes would look for the model's USERNAME_FIELD ("phone").
AXES_USERNAME_FORM_FIELD = "username"

# Content-Security-Policy (django-csp): our own files only, no inline script; htmx's inline indicator
# style is switched off in web/base.html. The one inline style is the 500 page's (it must render without
# static files): allowed by its hash, which tests/web/test_security_headers.py checks.
SERVER_ERROR_STYLE_HASH = "'sha256-z6aB69Am0QNj5vup6WX1e0zZureAmjMVL+5HkGYSWDw='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", SERVER_ERROR_STYLE_HASH],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "ky"
LANGUAGES = [
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kenesh_language"
# Corrections to Django's formats for our languages (the Kyrgyz decimal comma).
FORMAT_MODULE_PATH = ["kenesh.web.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("KENESH_MEDIA_ROOT", VAR_DIR / "media"))
# Django parses every file of a request before a form can count them: refuse more than a form ever takes
# (5 photos) early. Request bodies other than files stay within Django's 2.5 MB default.
DATA_UPLOAD_MAX_NUMBER_FILES = 10
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Background tasks: rows in the database, run by `manage.py db_worker` (started by `run_platform`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email goes through Django's mail API; the console backend prints it until SMTP is configured.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Kenesh <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: "outbox" keeps messages in the database (the default); "http" posts them to an operator's gateway.
KENESH_SMS_GATEWAY = os.environ.get("KENESH_SMS_GATEWAY", "outbox")
KENESH_SMS_HTTP_URL = os.environ.get("KENESH_SMS_HTTP_URL", "")
KENESH_SMS_HTTP_USER = os.environ.get("KENESH_SMS_HTTP_USER", "")
KENESH_SMS_HTTP_PASSWORD = os.environ.get("KENESH_SMS_HTTP_PASSWORD", "")
KENESH_SMS_HTTP_TIMEOUT = float(os.environ.get("KENESH_SMS_HTTP_TIMEOUT", "10"))
KENESH_SMS_SENDER = os.environ.get("KENESH_SMS_SENDER", "Kenesh")
KENESH_SMS_WEBHOOK_SECRET = os.environ.get("KENESH_SMS_WEBHOOK_SECRET", "")
# Delivery (SMS and email) is tried this many times, waiting base * 2**(attempt - 1) seconds in between.
KENESH_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("KENESH_DELIVERY_MAX_ATTEMPTS", "5"))
KENESH_DELIVERY_RETRY_SECONDS = float(os.environ.get("KENESH_DELIVERY_RETRY_SECONDS", "30"))
# Days an SMS (inbox and outbox) is kept before `manage.py prune_personal_data` deletes it.
KENESH_SMS_KEEP_DAYS = int(os.environ.get("KENESH_SMS_KEEP_DAYS", "90"))

# Subscriptions (kenesh.subscriptions): the LSG Union's requisites printed on invoices. The defaults are
# placeholders, to be replaced through the environment; none of them is a secret.
KENESH_UNION_REQUISITES = {
    "name_ky": os.environ.get("KENESH_UNION_NAME_KY", "Кыргыз Республикасынын ЖӨБ Союзу"),
    "name_ru": os.environ.get("KENESH_UNION_NAME_RU", "Союз МСУ Кыргызской Республики"),
    "address": os.environ.get("KENESH_UNION_ADDRESS", "720000, Бишкек, (дарек / адрес)"),
    "inn": os.environ.get("KENESH_UNION_INN", "00000000000000"),
    "okpo": os.environ.get("KENESH_UNION_OKPO", "00000000"),
    "bank": os.environ.get("KENESH_UNION_BANK", "(банк / банк)"),
    "bik": os.environ.get("KENESH_UNION_BIK", "000000"),
    "account": os.environ.get("KENESH_UNION_ACCOUNT", "0000000000000000"),
}
# "manual": an administrator registers bank transfers; an online provider may be added later.
KENESH_PAYMENT_PROVIDER = os.environ.get("KENESH_PAYMENT_PROVIDER", "manual")
# Seats of an LSG body's subscription until an administrator sets another number.
KENESH_SUBSCRIPTION_SEATS = int(os.environ.get("KENESH_SUBSCRIPTION_SEATS", "10"))

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC, so that lines from several servers sort and compare.
            "timestamp": "time",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Never DEBUG: it would log every query with its parameters, a ballot's choices beside the
        # participation of its voter in the same transaction (see kenesh.pb.models on secrecy).
        "django.db.backends": {"level": "WARNING"},
        # RequestLogMiddleware writes one line per request here; gunicorn's access log stays off.
        "kenesh.request": {"level": os.environ.get("KENESH_REQUEST_LOG_LEVEL", "INFO")},
    },
}

# The knowledge portal (kenesh.portal) on Wagtail: its admin at /office/portal/ behind Kenesh's own sign-in
# (password, then the second factor); pages in Kyrgyz and Russian linked by translation_key.
WAGTAIL_SITE_NAME = "Kenesh"
WAGTAILADMIN_BASE_URL = os.environ.get("KENESH_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("ky", _("Kyrgyz")), ("ru", _("Russian"))]
# Uploads: images re-encoded by Wagtail's renditions, bounded in bytes and pixels; documents are PDFs only.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party requests from the admin (the no-CDN rule): no Gravatar avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
