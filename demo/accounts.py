"""One demonstration account per role, all with the same demo password."""

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User
from accounts.roles import Role

DEMO_PASSWORD = "apl-demo-2024!"  # noqa: S105 - published in the README for the demo only

DEMO_ACCOUNTS = [
    # email, first, last, roles
    ("educator@apl.example", "Elena", "Martinez", [Role.EDUCATOR]),
    ("educator2@apl.example", "Daniel", "Begay", [Role.EDUCATOR]),
    ("facilitator@apl.example", "Fiona", "Chavez", [Role.FACILITATOR]),
    ("reviewer@apl.example", "Ray", "Tsosie", [Role.REVIEWER]),
    ("lead@apl.example", "Lena", "Garcia", [Role.LEAD_FACILITATOR]),
    ("liaison@apl.example", "Luis", "Romero", [Role.LIAISON]),
    ("lac@apl.example", "Carmen", "Sandoval", [Role.LAC]),
    ("pgp@apl.example", "Paula", "Yazzie", [Role.PGP_REVIEWER]),
    ("district@apl.example", "Dora", "Quintana", [Role.DISTRICT_ADMIN]),
]


@transaction.atomic
def create_demo_accounts() -> list[User]:
    """Create or refresh the demo accounts (safe to run twice)."""
    from django.contrib.auth.models import Group

    from enrollment.models import EducatorProfile

    users = []
    for email, first, last, roles in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=email).first() or User(email=email)
        user.first_name, user.last_name = first, last
        user.is_active = True
        # The coordinator edits the catalogue and reads the audit trail in the admin.
        user.is_staff = Role.LAC in roles
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(*Group.objects.filter(name__in=[r.value for r in roles]))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if Role.EDUCATOR in roles:
            EducatorProfile.objects.get_or_create(
                user=user,
                defaults={
                    "license_number": f"NM-DEMO-{len(users) + 1:03d}",
                    "license_level": 1,
                    "district_as_written": "Santa Fe Public Schools",
                    "school": "Capital High School",
                },
            )
        users.append(user)
    return users
