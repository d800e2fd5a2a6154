"""A per-address request budget for the public pages, kept in Django's shared cache."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from audit.services import client_ip


def rate_limited(scope: str):
    """Allow APL_PUBLIC_RATE_LIMIT requests per client address per minute, then 429."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            limit = getattr(settings, "APL_PUBLIC_RATE_LIMIT", 60)
            window = int(time.time() // 60)
            key = f"ratelimit:{scope}:{client_ip(request) or '-'}:{window}"
            cache.add(key, 0, timeout=120)
            try:
                used = cache.incr(key)
            except ValueError:  # evicted between add and incr
                cache.set(key, 1, timeout=120)
                used = 1
            if used > limit:
                response = HttpResponse(
                    "Too many requests from your address. Wait a minute and try again.\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(60 - int(time.time()) % 60)
                response["X-Robots-Tag"] = "noindex, nofollow"
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
