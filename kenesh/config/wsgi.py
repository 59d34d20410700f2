"""WSGI entry point (gunicorn kenesh.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kenesh.config.settings")
application = get_wsgi_application()
