"""The production server's configuration: `gunicorn -c gunicorn.conf.py` (the README's
Production section). Every value can be changed by an environment variable.

- Threaded workers (`gthread`): each worker's main thread tells the arbiter it is alive
  while its threads serve requests, so a long download (the CSV export of every practice)
  is never killed half-way by the worker timeout, which a sync worker's would be (the
  client got 200 and a cut-off file). `timeout` then only catches a worker that hangs.
- Responses without a length (the streamed exports) go out chunked to HTTP/1.1 clients: a
  download that fails half-way ends without its last chunk, which clients report as an
  error, never as a complete file.
- The app is loaded once, before the workers fork, and its objects are moved out of the
  garbage collector's reach (`gc.freeze()`): the workers share those pages and the
  collector no longer walks them on every collection (p95 latency halved, see
  docs/performance.md).
"""

import gc
import os

# The project's code, wherever the server is started from.
pythonpath = os.path.dirname(os.path.realpath(__file__))
wsgi_app = "coherence.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Seconds a worker may go without telling the arbiter it is alive before it is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
preload_app = True
# GUNICORN_ACCESS_LOG: a file, "-" for standard output (the default), empty for none.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a proxy on the same host, trust its X-Forwarded-* headers (USE_X_FORWARDED_PROTO).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket: one path per user ($HOME/.gunicorn/gunicorn.ctl) would be
# shared by every server the user runs. Set GUNICORN_CONTROL_SOCKET to a path to have one.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def when_ready(server):
    """The app is loaded (preload_app): freeze what it allocated before the workers fork."""
    gc.collect()
    gc.freeze()
