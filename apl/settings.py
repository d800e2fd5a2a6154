"""APL settings: one module, every value from the environment with a default that just works.

The embedded defaults give a self-contained demo (SQLite in ./data, eager Celery, console
email). Production differs only by environment variables (see docker-compose.yml).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("APL_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # A per-checkout key for the demo; production must set SECRET_KEY.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _key_file = DATA_DIR / "secret_key"
    if not _key_file.exists():
        import secrets

        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

# Earlier keys, newest first: sessions, password-reset links and anything else signed with
# them stay valid while SECRET_KEY is rotated.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "django_htmx",
    "template_partials",
    "csp",
    "apl",
    "audit",
    "accounts",
    "districts",
    "catalogue",
    "enrollment",
    "exchange",
    "intake",
    "directory",
    "grading",
    "credentials",
    "reporting",
    "proposals",
    "growth",
    "renewal",
    "lattice",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",  # Django's, the user kept per worker
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.StaffSecurityMiddleware",
    "accounts.middleware.ReadOnlyRoleMiddleware",
    "audit.middleware.AccessDeniedAuditMiddleware",
]

ROOT_URLCONF = "apl.urls"
WSGI_APPLICATION = "apl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apl.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'apl.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# One cache for every process, in the database (table apl_cache, made by a migration):
# allauth's rate limits, which also guard the public pages, and its used-TOTP-code markers
# hold across workers and keep working when Redis is down. Redis carries Celery's queue.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "apl_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the login; verification is mandatory; enumeration prevented.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # changing email or MFA needs a fresh password
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[APL] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
}
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "APL New Mexico"
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTOTPForm"}
APL_REQUIRE_STAFF_MFA = env_bool("APL_REQUIRE_STAFF_MFA", True)
APL_STAFF_IDLE_SECONDS = int(os.environ.get("APL_STAFF_IDLE_SECONDS", str(30 * 60)))
# How often a staff session's idle deadline is moved on (and the session written).
APL_STAFF_IDLE_REFRESH_SECONDS = int(os.environ.get("APL_STAFF_IDLE_REFRESH_SECONDS", "60"))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Denver"  # Mountain Time: the educators' and the department's clock.
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Evidence files live outside the web root and are served only through scoped views.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/private-media/"  # no route serves it: evidence goes through scoped views

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "APL <apl-noreply@ped.nm.gov>")

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# The longest task is a report build, capped at APL_REPORT_TIME_LIMIT seconds. A task a
# killed worker never acknowledged goes back to the queue after the visibility timeout, so
# that timeout is the limit plus a margin (Redis's default is an hour), and the stuck-run
# sweep (apl/celery.py) treats a run as stuck after the same time.
APL_REPORT_TIME_LIMIT = int(os.environ.get("APL_REPORT_TIME_LIMIT", "600"))
APL_TASK_VISIBILITY_TIMEOUT = int(
    os.environ.get("APL_TASK_VISIBILITY_TIMEOUT", str(APL_REPORT_TIME_LIMIT + 60))
)
# How often the stuck-run sweep looks (apl/celery.py). A run whose worker died is built
# again within the visibility timeout plus this interval. All three can be set small for
# the real-worker test of a killed worker.
APL_STUCK_SWEEP_SECONDS = int(os.environ.get("APL_STUCK_SWEEP_SECONDS", "120"))
CELERY_TASK_TIME_LIMIT = APL_REPORT_TIME_LIMIT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "socket_connect_timeout": 3,
    "visibility_timeout": APL_TASK_VISIBILITY_TIMEOUT,
}
CELERY_TIMEZONE = TIME_ZONE

# Security headers and cookies. HTTPS=true turns on everything a TLS deployment needs;
# SECURE_SSL_REDIRECT can be turned off where the proxy redirects already.
HTTPS = env_bool("HTTPS", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
# Database sessions, read with a fixed SQL statement instead of an ORM query per request.
SESSION_ENGINE = "accounts.sessions"
# Nothing is silenced: `check --deploy --fail-level WARNING` fails whenever HTTPS is false
# (apl.W001 says so in words), so no production configuration can pass without TLS.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
APL_EVIDENCE_MAX_BYTES = int(os.environ.get("APL_EVIDENCE_MAX_BYTES", str(25 * 1024 * 1024)))
APL_EVIDENCE_QUOTA_BYTES = int(os.environ.get("APL_EVIDENCE_QUOTA_BYTES", str(250 * 1024 * 1024)))
# What an educator with an unpaid micro-credential fee reads on their pathway.
APL_FEE_INSTRUCTIONS = os.environ.get(
    "APL_FEE_INSTRUCTIONS",
    "Many districts pay the fee for their teachers: ask your school's business office "
    "first; if your district pays, nothing is needed from you. Otherwise pay by check or "
    "money order payable to the New Mexico Public Education Department, mailed to "
    "Licensure Advancement, 300 Don Gaspar Avenue, Santa Fe, NM 87501, with your license "
    "number and the micro-credential's name. The Licensure Advancement Coordinator records "
    "the payment here; no card payments are taken online.",
)
# Educators' drafts are saved in the background at most this often, while they type.
APL_AUTOSAVE_SECONDS = int(os.environ.get("APL_AUTOSAVE_SECONDS", "30"))
# Survey results of a micro-credential and quarter with fewer responses than this are
# not broken down (nor dated), so that no educator's answers can be picked out.
APL_SURVEY_MIN_GROUP = int(os.environ.get("APL_SURVEY_MIN_GROUP", "5"))
APL_IMPORT_MAX_BYTES = int(os.environ.get("APL_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Eager tasks never reach a broker: kombu's "No hostname was supplied" is noise then.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}

# Credentials: the key-encryption secret (a Fernet key, or any secret hashed into one) that
# encrypts the issuer's private signing keys at rest, kept apart from SECRET_KEY so rotating
# that never locks the issuer out; production must set it (deploy check apl.E001). Empty
# derives it from SECRET_KEY (the demo). Earlier secrets still open keys sealed with them.
# Public verification pages allow this many requests per client address per minute.
APL_ISSUER_KEY_SECRET = os.environ.get("APL_ISSUER_KEY_SECRET", "")
APL_ISSUER_KEY_SECRET_FALLBACKS = env_list("APL_ISSUER_KEY_SECRET_FALLBACKS", "")
APL_PUBLIC_RATE_LIMIT = int(os.environ.get("APL_PUBLIC_RATE_LIMIT", "60"))

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"

# Growth plans: the stipend a curated micro-credential earns when it meets a plan goal
# (dollars; recorded for the state's payment office, never paid from here).
APL_PGP_STIPEND_AMOUNT = os.environ.get("APL_PGP_STIPEND_AMOUNT", "50.00")


def env_date(name: str):
    import datetime as _dt

    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


# License renewal by micro-credentials (model state policy, Phase 1B).
RENEWAL_CYCLE_YEARS = int(os.environ.get("APL_RENEWAL_CYCLE_YEARS", "5"))
RENEWAL_REQUIRED_OPTION_2 = int(os.environ.get("APL_RENEWAL_REQUIRED_OPTION_2", "3"))
RENEWAL_REQUIRED_OPTION_1 = int(os.environ.get("APL_RENEWAL_REQUIRED_OPTION_1", "5"))
# The day the state closes the individual micro-credential route in option-1 districts;
# a cycle starting after it follows the traditional requirements. Unset: never closed.
RENEWAL_INDIVIDUAL_ROUTE_CLOSES = env_date("APL_RENEWAL_INDIVIDUAL_ROUTE_CLOSES")
