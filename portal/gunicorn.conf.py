"""gunicorn's settings for the portal's web process, used by the Dockerfile's command (and so
docker-compose's web service) and by the benchmarks (`bench/load.py`):

    gunicorn portal.wsgi:application --config portal/gunicorn.conf.py --bind 0.0.0.0:8000

Options on the command line win over these. Workers come from WEB_CONCURRENCY (gunicorn
reads it itself). Each access-log line carries the answer's X-Request-ID (set by
`portal.middleware.RequestId`), so a line can be matched with the portal's own log lines
of the same request (issue 12 §5).
"""

accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
timeout = 60
