"""Imports and exports are a staff function of the LAC: everyone else signed in gets 403."""

from tests.permissions.matrix import LOGIN, rule

RULES = [
    rule("exchange:import-upload", anonymous=LOGIN, lac=200, default=403),
    rule("exchange:import-upload", method="post", anonymous=LOGIN, lac=200, default=403),
    rule("exchange:import-confirm", anonymous=LOGIN, default=405),
    # Nothing awaits confirmation: the LAC is sent back to the upload page.
    rule("exchange:import-confirm", method="post", anonymous=LOGIN, lac=302, default=403),
    rule(
        "exchange:export-download",
        args=lambda w: ("enrollments", "csv"),
        anonymous=LOGIN,
        lac=200,
        default=403,
    ),
    rule(
        "exchange:export-download",
        args=lambda w: ("educators", "xlsx"),
        anonymous=LOGIN,
        lac=200,
        default=403,
    ),
    rule(
        "exchange:export-download",
        args=lambda w: ("intents", "csv"),
        method="post",
        anonymous=LOGIN,
        default=405,
    ),
    rule(
        "exchange:import-template",
        args=lambda w: ("educators",),
        anonymous=LOGIN,
        lac=200,
        default=403,
    ),
    rule(
        "exchange:import-template",
        args=lambda w: ("enrollments",),
        method="post",
        anonymous=LOGIN,
        default=405,
    ),
]
