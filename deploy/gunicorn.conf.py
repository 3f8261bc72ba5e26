"""gunicorn settings for SI-CCS (`gunicorn -c deploy/gunicorn.conf.py siccs.wsgi`).

Threaded workers: a page spends part of its time waiting on the database, and a slow
phone on 2G holds a thread while it reads; the reverse proxy buffers most of that. Each
setting can be changed by an environment variable of the service (docs/operations.md).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core plus one, as gunicorn advises, each with a few threads.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# The progress report and imports run in the task worker, never here: a page that takes
# longer than this is a fault, and the worker is restarted rather than left hanging.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle processes now and then (memory held by WeasyPrint or big pages is given back).
max_requests = 2000
max_requests_jitter = 200
# Trust X-Forwarded-* only from the proxy on this machine (the platform reads the
# client address itself: TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
errorlog = "-"
# The request line only: query strings may carry tracking codes.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
preload_app = False
# systemd manages the processes; no control socket in $HOME (several servers may run).
control_socket_disable = True
