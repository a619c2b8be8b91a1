"""One settings module, read from the environment (12-factor).

With no environment at all the site runs on the embedded default: a SQLite file, Celery tasks executed
in-process, e-mails printed on the console, a local-memory cache. DATABASE_URL, REDIS_URL /
CELERY_BROKER_URL, EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG switch it to the production shape.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp import constants as _csp

from bienvenuedoc.utils.csp import empreinte_csp

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Département served by this deployment (any code of the COG: "47", "63", "2A", "974"…) ---
DEPARTEMENT = env.str("DEPARTEMENT", default="47").upper()

_PRODUCTION = env.bool("PRODUCTION", default=False) or "SECRET_KEY" in env.ENVIRON
DEBUG = env.bool("DEBUG", default=not _PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-bienvenuedoc-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # the project's apps, lowest layer first (imports only go downward)
    "bienvenuedoc",
    "bienvenuedoc.contenus",  # editorial content: pages, news, events (label "contenus")
    "observatoire",
    "partenaires",
    "remplacements",
    "accompagnement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (CONTENT_SECURITY_POLICY below), then a
    # control character in the address answers 400 before anything reads it (bienvenuedoc/securite.py)
    "bienvenuedoc.securite.PolitiqueSecuriteContenuMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "bienvenuedoc.securite.RequeteInvalideMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON compressed (after whitenoise, which serves its own pre-compressed static files; Django masks
    # the CSRF token per response and pads the gzip header against BREACH), then ETag + 304 on every GET
    # (bienvenuedoc/pages_en_cache.py: the page's bytes, computed before compression)
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # second factor of the back office (accompagnement/securite/): which device verified this session, then
    # /gestion/ closed to whoever must give a code and has not
    "django_otp.middleware.OTPMiddleware",
    "accompagnement.securite.middleware.DoubleFacteurMiddleware",
    # a write accepted in the back office makes the cached public pages stale (bienvenuedoc/pages_en_cache.py)
    "bienvenuedoc.pages_en_cache.InvalidationPagesPubliquesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last: turns django-axes' lock-out flag into the French lock-out page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bienvenuedoc.urls"
WSGI_APPLICATION = "bienvenuedoc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bienvenuedoc.context_processors.site",
                "csp.context_processors.nonce",  # {{ CSP_NONCE }}: this response's Content-Security-Policy nonce
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / f'db-{DEPARTEMENT}.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# Persistent connections are checked before reuse: after a database restart the next request reconnects
# instead of failing on a dead connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] != 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling (django-axes, database handler: works without Redis) ---
# Locked after AXES_FAILURE_LIMIT wrong passwords for one account OR from one address (counted separately),
# for AXES_COOLOFF_TIME; a successful login clears the account's failures. `manage.py axes_reset_username
# <nom>` unlocks an account before the end of the cool-off (and the Responsable can delete the attempt).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "bienvenuedoc.utils.http.client_ip"  # the same trusted-proxy count as the rate limits
AXES_LOCKOUT_TEMPLATE = "verrouillage.html"
AXES_VERBOSE = False

# --- Two-factor authentication of the back office (django-otp, see accompagnement/securite/) ---
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Bienvenue Docteur – gestion")

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Cache: Redis when REDIS_URL is set, local memory otherwise ---
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # A Redis outage degrades, never breaks (bienvenuedoc/cache.py): local-memory fallback, one warning logged,
    # Redis asked again every few seconds; short timeouts so that no request waits on a dead server.
    CACHES = {
        "default": {
            "BACKEND": "bienvenuedoc.cache.RedisCacheTolerant",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "DELAI_NOUVEL_ESSAI": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_USE_CACHE = "default"

# --- E-mail: console by default, EMAIL_URL (smtp://user:pass@host:587) in production ---
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Bienvenue Docteur <ne-pas-repondre@bienvenuedoc.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where hotline notifications go when neither a referent nor the configuration's hotline e-mail is set.
HOTLINE_EMAILS = env.list("HOTLINE_EMAILS", default=["hotline@bienvenuedoc.localhost"])
# Absolute address of the site, for links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Validity of a private link to the requester's space (renewable by entering one's e-mail).
ESPACE_DUREE_LIEN_JOURS = env.int("ESPACE_DUREE_LIEN_JOURS", default=30)

# --- Offers (remplacements/) ---
# Geocoding of offer addresses by the Base adresse nationale (production); off: the commune's centre, no network.
GEOCODAGE_BAN = env.bool("GEOCODAGE_BAN", default=False)
GEOCODAGE_BAN_URL = env.str("GEOCODAGE_BAN_URL", default="https://api-adresse.data.gouv.fr/search/")
GEOCODAGE_BAN_DELAI = env.float("GEOCODAGE_BAN_DELAI", default=3.0)
# Default publication period of an offer, and how long visitors' messages to authors are kept (abuse checks).
OFFRE_DUREE_PUBLICATION_JOURS = env.int("OFFRE_DUREE_PUBLICATION_JOURS", default=90)
OFFRE_JOURS_CONSERVATION_MESSAGES = env.int("OFFRE_JOURS_CONSERVATION_MESSAGES", default=30)

# --- Celery: in-process (eager) unless a broker is configured ---
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
# The hotline's changes on a case within this window (statuses, referrals) reach the requester as ONE e-mail
# (accompagnement/services/notifications.py). Needs a worker and beat: without a broker (embedded run, tasks
# in-process, nothing to send them later) each change is e-mailed at once.
REGROUPEMENT_AVANCEMENT_SECONDES = env.int(
    "REGROUPEMENT_AVANCEMENT_SECONDES", default=0 if CELERY_TASK_ALWAYS_EAGER else 600
)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker outage must not block a web request for long: publishing gives up quickly, the row stays
# "not sent" and the periodic task below sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# visibility_timeout: a message taken by a worker that dies unacknowledged (late acknowledgement) is given to
# another worker after this many seconds; longer than the longest countdown/eta of a task (retries: 1 h).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "visibility_timeout": 7200,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BEAT_SCHEDULE = {
    "renvoyer-notifications-en-attente": {
        "task": "accompagnement.tasks.renvoyer_notifications_en_attente_task",
        "schedule": crontab(minute="*/10"),
    },
    "anonymiser-demandes-expirees": {
        "task": "accompagnement.tasks.anonymiser_demandes_expirees_task",
        "schedule": crontab(hour=3, minute=15),
    },
    "renvoyer-courriels-en-attente": {
        "task": "bienvenuedoc.tasks.renvoyer_courriels_en_attente_task",
        "schedule": crontab(minute="*/10"),
    },
    # offers past their publication period expire; their authors are warned a week before
    "expirer-offres": {
        "task": "remplacements.tasks.expirer_offres_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # the daily digest of the alerts on offers (new matching offers since the last one)
    "alertes-offres": {
        "task": "remplacements.tasks.alertes_resume_quotidien_task",
        "schedule": crontab(hour=7, minute=0),
    },
    # events (bienvenuedoc/contenus): the reminder the day before, then registrations deleted after the event
    "rappels-evenements": {
        "task": "bienvenuedoc.contenus.tasks.rappels_evenements_task",
        "schedule": crontab(hour=9, minute=0),
    },
    "purger-inscriptions-evenements": {
        "task": "bienvenuedoc.contenus.tasks.purger_inscriptions_task",
        "schedule": crontab(hour=3, minute=45),
    },
    # the observatory's uploaded imports: re-queue those a broker outage left waiting, fail the interrupted ones
    "surveiller-imports-observatoire": {
        "task": "observatoire.tasks.surveiller_imports_task",
        "schedule": crontab(minute="*/5"),
    },
    # PDF reports of the observatory (observatoire/rapports/): stuck ones failed, waiting ones queued again;
    # the standard public edition regenerated on the 1st of each month
    "relancer-rapports": {
        "task": "observatoire.rapports.tasks.relancer_rapports_task",
        "schedule": crontab(minute="*/5"),
    },
    "regenerer-rapports-standard": {
        "task": "observatoire.rapports.tasks.regenerer_rapports_standard_task",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
    # the worker's sign of life, read by /sante/ (bienvenuedoc/sante.py); a late one is useless, hence expires
    "battement-worker": {
        "task": "bienvenuedoc.tasks.battement_worker_task",
        "schedule": 60.0,
        "options": {"expires": 120},
    },
}

# PDF reports of the observatory: a report « en cours » without a sign of life for this long is marked failed;
# a failed rendering is tried again after this many seconds (times the attempt's number).
RAPPORT_DELAI_BLOQUE_MINUTES = env.int("RAPPORT_DELAI_BLOQUE_MINUTES", default=15)
RAPPORT_DELAI_NOUVEL_ESSAI = env.int("RAPPORT_DELAI_NOUVEL_ESSAI", default=30)

# --- Forms ---
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Import/export in the admin (django-import-export): never open to every staff account. The project's
# admins go further (bienvenuedoc/admin_import_export.py: import needs add AND change, export view); these
# codes cover any admin that would use the library's mixin directly.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Security (production values when DEBUG is off) ---
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp, bienvenuedoc/securite.py): scripts and styles of the site only, no
# inline script anywhere. The one inline <style> (the configured colour, layout/base.html) carries the
# response's nonce; the map tile host (CARTE_TUILES_URL) is added to img-src by the middleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", _csp.NONCE],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Back office only (/gestion/): the one inline attribute left in a library's admin template
# (django-simple-history's history list, `style="border-top: 0"`), allowed by its exact hash (not
# 'unsafe-inline'). The export page of django-import-export is overridden without inline attributes.
CSP_AJOUTS_GESTION = {
    "style-src-attr": ["'unsafe-hashes'", empreinte_csp("border-top: 0")],
}
# Powerful browser features the site never uses, refused to the page and to anything it might embed.
PERMISSIONS_POLICY = {
    fonctionnalite: []
    for fonctionnalite in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "hid",
        "bluetooth",
        "browsing-topics",
        "interest-cohort",
    ]
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # the orchestrator's health check calls gunicorn directly, in plain HTTP, without the proxy's headers
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Behind a reverse proxy, the client address used for rate limiting (see bienvenuedoc.utils.http).
NOMBRE_PROXIES = env.int("NOMBRE_PROXIES", default=0)

# --- Open data: where the official files are read from (the repo ships a compact extract for 47 and 63) ---
DONNEES_OUVERTES_DIR = Path(env.str("DONNEES_OUVERTES_DIR", default=str(BASE_DIR.parent / "shared" / "data")))
# Uploads of official files in the admin (observatoire/televersement/): size limit, and how long an import may
# go without progress before it is declared interrupted (a killed worker).
IMPORT_TAILLE_MAX_MO = env.int("IMPORT_TAILLE_MAX_MO", default=1024)
IMPORT_DELAI_INTERRUPTION_MINUTES = env.int("IMPORT_DELAI_INTERRUPTION_MINUTES", default=15)
IMPORT_CONSERVATION_FICHIERS_JOURS = env.int("IMPORT_CONSERVATION_FICHIERS_JOURS", default=30)  # then deleted

# --- Map tiles: OpenStreetMap by default (with attribution); empty to disable tiles (tests, offline) ---
CARTE_TUILES_URL = env.str("CARTE_TUILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
CARTE_TUILES_ATTRIBUTION = env.str(
    "CARTE_TUILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>',
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Public forms: seconds a person needs at least before sending (anti-spam, see utils/antispam.py) ---
ANTISPAM_DELAI_MINIMUM = env.float("ANTISPAM_DELAI_MINIMUM", default=3.0)

# --- Load benchmark only (benchmarks/charge.py): a bare view answering "ok" at /banc-essai/plafond/, the
# ceiling of the server measured in the same run. Never set in production (docker-compose.yml does not). ---
BANC_ESSAI_PLAFOND = env.bool("BANC_ESSAI_PLAFOND", default=False)
