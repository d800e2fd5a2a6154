from tests.permissions.matrix import post_refused, rule

RULES = [
    rule("home", default=200),
    rule("healthz", default=200),
    rule("robots-txt", default=200),
    rule("home", method="post", default=405),
]

# Views that only read refuse POST.
RULES += post_refused(
    RULES,
    {
        "healthz",
        "robots-txt",
    },
)
