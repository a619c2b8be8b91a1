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
# Static files come from the finders (no collectstatic before tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
