"""Test settings: the real settings with faster hashing and in-memory mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-" + "x" * 40)

from apl.settings import *  # noqa: E402,F403
from apl.settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "true") == "true"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
if os.environ.get("APL_TEST_SQLITE_FILE"):
    # A test database kept in a file, for runs that start pytest many times over the same
    # code (make mutate, with --reuse-db): it is migrated once instead of every time.
    path = os.environ["APL_TEST_SQLITE_FILE"]
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "TEST": {"NAME": path},
    }
elif "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
