import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bienvenuedoc.settings")
application = get_wsgi_application()

# What a gunicorn worker loaded at start-up (Django, the apps, their modules) lives as long as the worker.
# Moved out of the cyclic garbage collector's reach, it is no longer walked by every full collection, which
# otherwise cost 40 to 70 ms on the project's 2-core machines and landed on a random request
# (benchmarks/partenaires.py: p95 of the simulator 55 ms without, 27 ms with).
gc.freeze()
