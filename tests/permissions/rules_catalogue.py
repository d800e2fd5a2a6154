"""Catalogue: the stacks page is catalogue data every signed-in person may read; it only
reads (POST 405, the read-only role 403)."""

from tests.permissions.matrix import LOGIN, post_refused, rule

RULES = [rule("catalogue:stack-list", anonymous=LOGIN, default=200)]
RULES += post_refused(RULES, {"catalogue:stack-list"}, anonymous=LOGIN)
