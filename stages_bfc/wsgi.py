import os

from django.core.wsgi import get_wsgi_application

from stages_bfc.memory import freeze_after_first_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stages_bfc.settings")
application = get_wsgi_application()
freeze_after_first_requests()
