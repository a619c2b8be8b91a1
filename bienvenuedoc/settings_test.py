"""Test settings: the real PostgreSQL and Redis from the environment, plain static storage (pytest's live
server serves unhashed names), fast hashing, no external map tiles, no minimum fill time by default."""

from .settings import *  # noqa: F403
from .settings import STORAGES

DEBUG = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CARTE_TUILES_URL = ""
ANTISPAM_DELAI_MINIMUM = 0
# Tasks run in-process unless a test starts a real worker (tests/conftest.py: celery_worker_reel).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Progress e-mails grouped as in production (a test sends them by moving time or with a real worker).
REGROUPEMENT_AVANCEMENT_SECONDES = 600
# Static files come from the finders (no collectstatic before tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each pytest-xdist worker has its own test database; give it its own Redis database for the cache too,
# otherwise one worker's cache.clear() (FLUSHDB) and cached rows leak into the other's tests.
if REDIS_URL:  # noqa: F405
    import os as _os
    from urllib.parse import urlsplit as _urlsplit

    _url = _urlsplit(REDIS_URL)  # noqa: F405
    _base = int(_url.path.strip("/") or 0)
    _worker = int(_os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    CACHES = {
        "default": {
            **CACHES["default"],  # noqa: F405
            "LOCATION": _url._replace(path=f"/{(_base + 1 + _worker) % 16}").geturl(),
        }
    }
