from tests.permissions.matrix import rule

RULES = [
    rule("home", default=200),
    rule("healthz", default=200),
    rule("home", method="post", default=405),
]
