"""The educator directory: the LAC and the liaison find every educator, a district
administrator those of their district; nobody else has a directory (403 on the search,
404 on a record). Only the LAC records advancement facts; the liaison and district
administrators get 403 on that POST, outsiders 404."""

from tests.permissions.matrix import LOGIN, rule


def _educator(w):
    return (w.educator.educator_profile.pk,)


LIST = dict(
    anonymous=LOGIN,
    educator=403,
    other_educator=403,
    facilitator=403,
    other_facilitator=403,
    reviewer=403,
    lead_facilitator=403,
    pgp_reviewer=403,
    district_admin=200,
    other_district_admin=200,
    lac=200,
    liaison=200,
)
# The world's educator belongs to district_admin's district.
RECORD_OUTSIDERS = dict(
    anonymous=LOGIN,
    educator=404,
    other_educator=404,
    facilitator=404,
    other_facilitator=404,
    reviewer=404,
    lead_facilitator=404,
    pgp_reviewer=404,
    other_district_admin=404,
)

RULES = [
    rule("directory:educator-list", **LIST),
    rule("directory:educator-list", method="post", default=405),
    rule(
        "directory:educator-detail",
        args=_educator,
        **RECORD_OUTSIDERS,
        district_admin=200,
        lac=200,
        liaison=200,
    ),
    rule(
        "directory:educator-detail",
        args=_educator,
        method="post",
        default=405,
    ),
    rule(
        "directory:educator-advancement",
        args=_educator,
        method="post",
        data=lambda w: {"years_at_current_level": "3", "evaluations_successful": "on"},
        **RECORD_OUTSIDERS,
        district_admin=403,
        lac=302,
        liaison=403,
    ),
    rule(
        "directory:educator-advancement",
        args=_educator,
        default=405,
    ),
]
