from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from accounts.roles import READ_ONLY_ROLES, SCORER_ROLES, STAFF_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with their email address (case-insensitive)."""

    username = None
    email = models.EmailField("email address", unique=True)
    email_optional_notices = models.BooleanField(
        "email me optional notices",
        default=True,
        help_text="Reminders and 'next micro-credential open' notices. "
        "Notices about grades and decisions are always sent.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        full = self.get_full_name()
        return f"{full} <{self.email}>" if full else self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def role_names(self) -> set[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, *roles: Role) -> bool:
        return any(role.value in self.role_names for role in roles)

    @property
    def is_apl_staff(self) -> bool:
        """Holds a role that reaches other people's records (MFA required)."""
        return self.is_superuser or any(role.value in self.role_names for role in STAFF_ROLES)

    @property
    def is_read_only(self) -> bool:
        """Holds roles, and every one of them only reads (the APL Liaison)."""
        names = self.role_names
        read_only = {role.value for role in READ_ONLY_ROLES}
        return not self.is_superuser and bool(names) and names <= read_only

    @property
    def is_scorer(self) -> bool:
        return any(role.value in self.role_names for role in SCORER_ROLES)
