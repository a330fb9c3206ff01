"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Each worker is a separate process with its own database pool and definition cache; nothing
about an application lives in a worker between requests, so any number of workers (and hosts)
can serve the same PostgreSQL database. Every value can be set from the environment.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Threads let a worker overlap requests that wait on the database.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
# Each worker imports the app itself: a pool opened before fork would be shared by all.
preload_app = False
accesslog = "-"
errorlog = "-"
# Trust X-Forwarded-* only from the reverse proxy in front (set PROXY_FIX for the app too).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
