"""Uploads of official files through the admin, run as Celery tasks with their progress (`TacheImport`):
the model (imported by observatoire/models.py), the services that create, run, relaunch and expire the tasks,
and the admin views (upload form, progress page and its JSON)."""
