import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bienvenuedoc.settings")

app = Celery("bienvenuedoc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["observatoire.rapports"])  # a sub-package of an app: named here
