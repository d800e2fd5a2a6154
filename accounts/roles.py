"""Roles are Django groups; each role's permissions are declared here, in one place.

A user may hold several roles. Groups are created by a data migration; their
permissions are brought in line with ROLE_PERMISSIONS after every migrate, once every
app's permissions exist.

What each role may change (tests/permissions asserts it for every POST view):

- Educator: their own intents, electives, enrolments, task responses and evidence,
  surveys, credential sharing.
- Facilitator / Reviewer: the grades of the submissions assigned to them, and blind
  second scores drawn for them. A Reviewer also scores the outside micro-credential
  proposals assigned to them.
- Lead Facilitator: the above, plus for the cohorts they lead: reopening grades,
  drawing second-score samples, reassigning caseloads.
- APL Liaison: nothing. It reads everything across the programme; every POST outside
  the person's own account settings is refused (403, ReadOnlyRoleMiddleware).
- Licensure Advancement Coordinator: the programme itself (catalogue, cohorts, intents,
  enrolments, fees, imports, reports, revocations) and scoring oversight everywhere.
"""

from enum import StrEnum


class Role(StrEnum):
    EDUCATOR = "Educator"
    FACILITATOR = "Facilitator"
    REVIEWER = "Reviewer"
    LEAD_FACILITATOR = "Lead Facilitator"
    LIAISON = "APL Liaison"
    LAC = "Licensure Advancement Coordinator"
    # A school leader or coach who assesses the growth plans of the educators assigned to them.
    PGP_REVIEWER = "PGP Reviewer"
    DISTRICT_ADMIN = "District Administrator"


STAFF_ROLES = frozenset(
    {
        Role.FACILITATOR,
        Role.REVIEWER,
        Role.LEAD_FACILITATOR,
        Role.LIAISON,
        Role.LAC,
        Role.PGP_REVIEWER,
        Role.DISTRICT_ADMIN,
    }
)
SCORER_ROLES = frozenset({Role.FACILITATOR, Role.REVIEWER, Role.LEAD_FACILITATOR})
# Roles that read but never change: a user holding only these gets 403 on every POST.
READ_ONLY_ROLES = frozenset({Role.LIAISON})

# "app_label.codename" for every permission a role grants. Apps add their own here.
_READ_ALL = [
    "enrollment.view_all_enrollments",
    "enrollment.view_educatorprofile",
    "enrollment.view_intent",
    "enrollment.view_cohort",
    "enrollment.view_enrollment",
    "catalogue.view_programme",
    "catalogue.view_microcredential",
    "catalogue.view_evaluationdomain",
    "catalogue.view_stack",
    "catalogue.view_stackslot",
    "audit.view_auditevent",
    "enrollment.view_survey_results",
    "credentials.view_all_credentials",
    "credentials.view_credential",
    "growth.view_all_plans",
    "proposals.view_all_proposals",
    "districts.view_district",
    "renewal.view_all_renewals",
    "renewal.view_license",
    "renewal.view_renewallisting",
    "renewal.view_renewalplan",
    "lattice.view_all_designations",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.EDUCATOR: [],
    Role.FACILITATOR: [],
    # Scores the outside micro-credential proposals the LAC assigns to them.
    Role.REVIEWER: ["proposals.review_proposal"],
    Role.PGP_REVIEWER: [],
    # Scoped to the districts they administer (District.administrators), not by permission.
    Role.DISTRICT_ADMIN: [],
    Role.LEAD_FACILITATOR: [
        "grading.reopen_grade",
        "grading.manage_scoring",
        "grading.view_scoring_quality",
    ],
    Role.LIAISON: [
        *_READ_ALL,
        "grading.view_all_submissions",
        "grading.view_scoring_quality",
        "reporting.view_report",
    ],
    Role.LAC: [
        *_READ_ALL,
        "reporting.view_report",
        "reporting.build_report",
        "reporting.publish_report",
        "enrollment.manage_programme",
        "enrollment.view_surveyquestion",
        "enrollment.add_surveyquestion",
        "enrollment.change_surveyquestion",
        "enrollment.view_electivechoice",
        "credentials.revoke_credential",
        "credentials.change_credential",
        "enrollment.add_enrollment",
        "enrollment.change_enrollment",
        "enrollment.change_intent",
        "enrollment.add_cohort",
        "enrollment.change_cohort",
        "enrollment.change_educatorprofile",
        "catalogue.change_microcredential",
        "districts.add_district",
        "districts.change_district",
        "renewal.manage_renewal",
        "renewal.change_license",
        "renewal.add_renewallisting",
        "renewal.change_renewallisting",
        "catalogue.change_programme",
        "catalogue.add_evaluationdomain",
        "catalogue.change_evaluationdomain",
        "catalogue.add_stack",
        "catalogue.change_stack",
        "catalogue.delete_stack",
        "catalogue.add_stackslot",
        "catalogue.change_stackslot",
        "catalogue.delete_stackslot",
        "grading.view_all_submissions",
        "grading.reopen_grade",
        "grading.manage_scoring",
        "grading.view_scoring_quality",
        "grading.view_rubric",
        "grading.add_rubric",
        "grading.change_rubric",
        "grading.view_cohortscoringsettings",
        "grading.add_cohortscoringsettings",
        "grading.change_cohortscoringsettings",
        "growth.manage_growth",
        "growth.view_rubriclevel",
        "growth.change_rubriclevel",
        "growth.add_rubriclevel",
        "growth.view_plantemplate",
        "growth.change_plantemplate",
        "proposals.manage_proposals",
        "proposals.review_proposal",
        "lattice.manage_lattice",
    ],
}


def sync_role_permissions(sender=None, apps=None, using="default", **kwargs):
    """Make each role group hold exactly the permissions declared above (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


# One query for everything the request pipeline asks of a signed-in user: their roles
# (group names), their permissions (direct and through groups, as Django's ModelBackend
# reads them) and whether they hold a TOTP authenticator (the staff MFA check). Kept by
# each worker under the version of the tables it reads (accounts.access): a revoked role
# or permission changes that version and takes effect on the very next request.
_ACCESS_SQL = """
SELECT 'g', g.name FROM {group} g
  JOIN {user_groups} ug ON ug.group_id = g.id WHERE ug.user_id = %(user)s
UNION ALL
SELECT 'u', ct.app_label || '.' || p.codename FROM {permission} p
  JOIN {content_type} ct ON ct.id = p.content_type_id
  JOIN {user_permissions} up ON up.permission_id = p.id WHERE up.user_id = %(user)s
UNION ALL
SELECT 'p', ct.app_label || '.' || p.codename FROM {permission} p
  JOIN {content_type} ct ON ct.id = p.content_type_id
  JOIN {group_permissions} gp ON gp.permission_id = p.id
  JOIN {user_groups} ug ON ug.group_id = gp.group_id WHERE ug.user_id = %(user)s
UNION ALL
SELECT 'm', a.type FROM {authenticator} a WHERE a.user_id = %(user)s AND a.type = %(totp)s
"""


def _access_sql() -> str:
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    user_model = get_user_model()
    return _ACCESS_SQL.format(
        group=Group._meta.db_table,
        user_groups=user_model.groups.through._meta.db_table,
        permission=Permission._meta.db_table,
        content_type=ContentType._meta.db_table,
        user_permissions=user_model.user_permissions.through._meta.db_table,
        group_permissions=Group.permissions.through._meta.db_table,
        authenticator=Authenticator._meta.db_table,
    )


def load_access(user) -> None:
    """Read the user's roles, permissions and TOTP state in one query, into the caches that
    ``User.role_names``, Django's ``ModelBackend`` (``has_perm``) and the staff MFA check
    read. Same answers as their own queries; the superuser's and an inactive user's
    permissions are left to Django (all, and none)."""
    from allauth.mfa.models import Authenticator
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_access_sql(), {"user": user.pk, "totp": Authenticator.Type.TOTP})
        rows = cursor.fetchall()
    found: dict[str, set[str]] = {"g": set(), "u": set(), "p": set(), "m": set()}
    for kind, value in rows:
        found[kind].add(value)
    user._role_names = found["g"]
    user._apl_has_totp = bool(found["m"])
    if user.is_active and not user.is_superuser:
        user._user_perm_cache = found["u"]
        user._group_perm_cache = found["p"]
        user._perm_cache = found["u"] | found["p"]
