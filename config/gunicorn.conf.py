"""gunicorn settings for production: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

How a rush is carried, and how overload is told rather than hidden:

- The reverse proxy (nginx) in front buffers each request body completely before it passes
  the request on (``proxy_request_buffering on``, nginx's default), so a slow upload from a
  phone never holds a web process, and stamps when it passed the request on:

      proxy_set_header X-Request-Start "t=${msec}";
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      client_max_body_size 30m;   # above the largest upload a conference accepts
      proxy_read_timeout 70s;     # above gunicorn's timeout below

- gunicorn runs ``workers`` sync processes (one request each). Requests beyond them wait in
  the listen queue, bounded by ``backlog``. Past capacity that queue only grows, so
  ``config.middleware.QueueTimeoutMiddleware`` answers a request that waited more than
  ``SALA_QUEUE_TIMEOUT`` seconds (10 in production) at once with 503, ``Retry-After: 60`` and a
  page saying the site is busy and the draft is safe (a few milliseconds: no session, no
  database), which drains the queue so that requests within capacity are served in time.
  Past ``backlog`` the kernel refuses connections outright, and nginx answers 502 at once
  (give it a friendly ``error_page 502 503 /busy.html``) instead of letting them hang.
- The submission form keeps what was typed in the browser (static/js/draft-keeper.js), so a
  refused request loses no text.

Every value can be set from the environment; the defaults suit one machine with the CPU count
shown by ``nproc``. Several machines: run this on each behind the same proxy (README).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: the work is CPU (templates, PDF checks), and one request per process keeps a
# slow request from delaying others in the same process. About one per core plus one.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
worker_class = "sync"
# The listen queue: a few seconds of work at full speed. Beyond it connections are refused
# (the proxy answers at once) rather than queued for a minute.
backlog = _int("GUNICORN_BACKLOG", 64)
# A request still running after this is killed (its files are purged later, cfp.domain.orphans).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then (memory), not all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The heartbeat file on a RAM disk: a busy or slow disk must not get workers killed.
_shm = "/dev/shm"  # noqa: S108 - gunicorn only writes its heartbeat file there
worker_tmp_dir = _shm if os.path.isdir(_shm) else None
# Trust X-Forwarded-* only from the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
