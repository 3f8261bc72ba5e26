"""SI-CCS settings: everything comes from the environment, with safe defaults.

SQLite by default (the embedded demo), PostgreSQL when DATABASE_URL says so.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str = "") -> str:
    """A string setting; `NAME_FILE` (a Docker/systemd secret file) wins over `NAME`."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def _sqlite_path(path: str) -> str:
    # sqlite:////abs/path keeps one leading slash; sqlite:/// alone means the default file.
    if path.startswith("//"):
        return path[1:]
    if path in {"", "/"}:
        (BASE_DIR / "var").mkdir(exist_ok=True)
        return str(BASE_DIR / "var" / "siccs.sqlite3")
    return path.lstrip("/")


def database_from_url(url: str) -> dict:
    """Turn `sqlite:///path` or `postgres://user:pw@host:port/name` into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _sqlite_path(parsed.path),
            # Kept open between requests, as PostgreSQL's: a new connection starts with an
            # empty page cache, which cost the national dashboard a third of its time.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            # WAL lets the web server read while the task worker writes; pages are read
            # through a memory map and up to 32 MB of them stay cached per connection.
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": None},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            # The dashboard's aggregates cross the JIT cost threshold and pay 100-300 ms of
            # compilation for queries that run in tens of ms (docs/performance.md). Random
            # reads cost about what sequential ones do on SSDs: at the default cost (4)
            # the planner scans whole tables instead of the dashboard's covering indexes.
            "OPTIONS": {"options": "-c jit=off -c random_page_cost=1.1"},
        }
    raise ValueError(f"Unsupported DATABASE_URL scheme: {parsed.scheme!r}")


DEBUG = envbool("DEBUG", False)
TESTING = "pytest" in sys.modules
DEVELOPMENT_KEY = "django-insecure-siccs-development-key-not-for-production"
# The fallback key is public: `check --deploy` flags it (security.W009) so production sets its own.
SECRET_KEY = envstr("SECRET_KEY") or DEVELOPMENT_KEY
# Keys encrypting phone numbers at rest (siccs.core.fields), comma-separated: the first
# encrypts, all decrypt, so a key rotates with `manage.py rotate_field_key`. Never derived
# from SECRET_KEY (changing SECRET_KEY made every phone unreadable). Without it the demo and
# the tests use the public development key (the value SECRET_KEY had there, so existing demo
# databases stay readable); production refuses to start encrypting (`check --deploy` error).
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEY") or (
    [DEVELOPMENT_KEY] if DEBUG or TESTING else []
)
# Key of the blind indexes (equal phones, SMS gateway secrets): the oldest encryption key
# unless set, so putting a new encryption key in front changes no index.
FIELD_INDEX_KEY = envstr("FIELD_INDEX_KEY") or (
    FIELD_ENCRYPTION_KEYS[-1] if FIELD_ENCRYPTION_KEYS else ""
)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
# Reverse proxies in front of the platform (0: none, the visitor is REMOTE_ADDR). With N,
# the visitor is the N-th address from the right of TRUSTED_PROXY_HEADER (siccs.core.network).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_HEADER = envstr("TRUSTED_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",
    "siccs.core",
    "siccs.territory",
    "siccs.accounts",
    "siccs.audit",
    "siccs.rollout",
    "siccs.committees",
    "siccs.meetings",
    "siccs.citizens",
    "siccs.partners",
    "siccs.dashboard",
    "siccs.api",
    # django-ninja's own static files: the API's documentation page served by the platform.
    "ninja",
    "siccs.fieldforms",
    "siccs.notifications",
    "siccs.home",
    "siccs.search",
]

MIDDLEWARE = [
    # /healthz answers probes before the host check and the HTTPS redirect (plain HTTP
    # from localhost); it says nothing but "ok" or "degraded".
    "siccs.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML is compressed here rather than only by a proxy: pages are heavy for 2G/3G and
    # a proxy may be missing; Django masks the CSRF token in each response and pads the
    # gzip stream with random bytes against BREACH. Static files come precompressed.
    "django.middleware.gzip.GZipMiddleware",
    # A file of the private storage gone missing (an incomplete restore) gives a page.
    "siccs.core.middleware.MissingFileMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the body: a form in another charset than UTF-8, or values the
    # database cannot hold (an id of 20 digits), answer 400, not 500.
    "siccs.core.middleware.MalformedInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in pages are never kept by a shared cache or the browser's disk.
    "siccs.core.middleware.PrivateCacheMiddleware",
    "siccs.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: turns a lockout into the French lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "siccs.urls"
WSGI_APPLICATION = "siccs.wsgi.application"

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
                "siccs.core.context_processors.navigation",
            ],
            "builtins": ["siccs.core.templatetags.siccs"],
        },
    }
]

DATABASES = {"default": database_from_url(envstr("DATABASE_URL", "sqlite:///"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out account or address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (the application's /login/ and /admin/login/ alike): after
# LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address, that account or
# address is locked for LOGIN_LOCKOUT_MINUTES; a national administrator can unlock it
# sooner. The address is the visitor's as far as the trusted proxies say (core.network).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "siccs.core.network.client_ip"
AXES_USERNAME_CALLABLE = "siccs.accounts.throttle.username_of"
AXES_LOCKOUT_CALLABLE = "siccs.accounts.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # each role lands on its own home (siccs.home)
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# Each language named in itself, as language switches do.
LANGUAGES = [("fr", "Français"), ("en", "English")]
# Bambara exists only for the fixed texts of the public reporting pages.
PUBLIC_LANGUAGES = [("fr", "Français"), ("bm", "Bamanankan")]
TIME_ZONE = "Africa/Bamako"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# Uploaded evidence lives outside the web root and is only served through scoped views.
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
# Where `manage.py backup` writes its archives (copy them off the machine: docs/operations.md).
BACKUP_DIR = Path(envstr("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The size limit is enforced while the upload is read (siccs.core.uploads), then Django's own.
FILE_UPLOAD_HANDLERS = [
    "siccs.core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The worker beats six times per window; /healthz calls a worker dead after a window
# without a beat, stuck when its loop stopped that long or its task outlived the timeout.
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", 30)
WORKER_TASK_TIMEOUT = envint("WORKER_TASK_TIMEOUT", 30 * 60)
# A task whose worker stopped under it runs again, up to this many runs in all, then fails.
TASK_MAX_ATTEMPTS = envint("TASK_MAX_ATTEMPTS", 3)
TASK_RESULT_RETENTION_DAYS = envint("TASK_RESULT_RETENTION_DAYS", 30)

# Console e-mail in the demo (password reset links appear in the log); SMTP otherwise,
# configured by EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD (or its
# _FILE) and EMAIL_USE_TLS.
_email_backend = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS: dict = {"default": {"BACKEND": _email_backend}}
if _email_backend.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": envstr("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", 587 if envbool("EMAIL_USE_TLS", True) else 25),
        "username": envstr("EMAIL_HOST_USER"),
        "password": envstr("EMAIL_HOST_PASSWORD"),
        "use_tls": envbool("EMAIL_USE_TLS", True),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "si-ccs@localhost")

# Strict CSP: every asset comes from the platform itself, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Optional background under the committee map, for online use only: a WMS GetMap address
# in plate carrée (WMS 1.1.1 with SRS=EPSG:4326, or CRS:84), which the map's projection
# matches, with {bbox} (west,south,east,north), {width} and {height} placeholders. Empty
# (the default): no background, nothing is fetched from elsewhere. Its origin is the one
# exception to the CSP's images.
MAP_BACKGROUND_WMS = envstr("MAP_BACKGROUND_WMS", "")
if MAP_BACKGROUND_WMS:
    _wms = urlparse(MAP_BACKGROUND_WMS)
    SECURE_CSP["img-src"].append(f"{_wms.scheme}://{_wms.netloc}")
# A form sent after its page expired gets the French (and Bambara) 403 page.
CSRF_FAILURE_VIEW = "siccs.core.error_pages.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Domain settings (defaults that the C-RSS may change).
STALLED_AFTER_DAYS = envint("STALLED_AFTER_DAYS", 90)
FUNCTIONAL_WITHIN_DAYS = envint("FUNCTIONAL_WITHIN_DAYS", 45)
# Quorum: strictly more than this share of the active members present (0.5: a majority).
QUORUM_RATIO = float(envstr("QUORUM_RATIO", "0.5"))
REPORT_RETENTION_DAYS = envint("REPORT_RETENTION_DAYS", 365)
SMS_BACKEND = envstr("SMS_BACKEND", "siccs.citizens.sms.ConsoleSmsBackend")
SMS_GATEWAY_URL = envstr("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = envstr("SMS_GATEWAY_TOKEN")
# REST API (siccs.api): requests allowed per token and per minute (429 beyond), the longest
# life a personal token may be given, and the JSON file mapping indicators and territories
# to DHIS2 data elements and organisation units (empty: codes, see docs/api.md).
API_RATE_PER_MINUTE = envint("API_RATE_PER_MINUTE", 120)
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", 365)
DHIS2_MAPPING_FILE = envstr("DHIS2_MAPPING_FILE")
# SMS sent per hour at most through the outgoing gateway; past it messages wait (0: none).
SMS_HOURLY_CEILING = envint("SMS_HOURLY_CEILING", 200)
# The console backend only prints: `check --deploy` refuses it in production unless this says
# the operator means it (a training server without a gateway).
SMS_ALLOW_CONSOLE = envbool("SMS_ALLOW_CONSOLE", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No log line ever holds a full phone number: the handler masks them as the pages do.
    "filters": {"mask_phones": {"()": "siccs.core.phones.PhoneMaskingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_phones"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default handler would print every line a second time through root.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # django-axes logs every login at INFO; lockouts (WARNING) are what operators need.
        "axes": {"level": "WARNING"},
    },
}

if TESTING:
    # Fast hashing: the suite creates many users; production keeps the strong default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
