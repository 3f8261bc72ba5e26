"""WSGI entry point (gunicorn siccs.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siccs.settings")
application = get_wsgi_application()
