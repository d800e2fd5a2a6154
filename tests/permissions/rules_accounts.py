"""Account settings: every signed-in person manages their own email notices."""

from tests.permissions.matrix import LOGIN, rule

RULES = [
    rule("accounts:notifications", anonymous=LOGIN, default=200),
    # Their own settings: the read-only liaison may change them too.
    rule("accounts:notifications", method="post", anonymous=LOGIN, default=302),
]
