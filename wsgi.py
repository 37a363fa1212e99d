"""Entry points: `gunicorn wsgi:app` (the web) and `huey_consumer wsgi.huey` (the worker).

The worker sits above the app: it is bound to the app here, never from inside it.
"""

from portal import create_app
from portal import tasks

app = create_app()
huey = tasks.init_app(app)
