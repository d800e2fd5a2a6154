"""A per-address request budget for the public pages.

It uses the project's one rate limiter, allauth's (the one that guards sign-in), whose
counters live in the database cache: the budget holds across workers and with Redis down.
"""

import functools

from allauth.core.ratelimit import consume_or_429
from django.conf import settings
from django.http import HttpResponse


def rate_limited(scope: str):
    """Allow APL_PUBLIC_RATE_LIMIT requests per client address per minute, then 429."""
    action = f"public_{scope}"

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            limit = getattr(settings, "APL_PUBLIC_RATE_LIMIT", 60)
            refused = consume_or_429(
                request, action=action, config={action: f"{limit}/m/ip"}, limit_get=True
            )
            if refused is not None:
                response = HttpResponse(
                    "Too many requests from your address. Wait a minute and try again.\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = "60"
                response["X-Robots-Tag"] = "noindex, nofollow"
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
