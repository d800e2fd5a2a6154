"""What a user may see of an educator's own records: the one educator-scope filter.

An educator's records that are theirs alone (a license, a designation) are seen by the
educator, by the administrators of the educator's district, and by state staff holding
the owning app's "view all" permission. Apps whose records hang off an educator
(``educator``, a foreign key to ``EducatorProfile``) subclass ``EducatorScopedQuerySet``
and name that permission.
"""

from django.db import models
from django.db.models import Q


def educator_scope(user, path: str = "educator") -> Q:
    """Rows whose educator (at ``path``; "" for the profile itself) is the user, or is in
    a district the user administers. Filter with ``.distinct()``: a district has several
    administrators."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}user": user}) | Q(**{f"{prefix}district__administrators": user})


class EducatorScopedQuerySet(models.QuerySet):
    view_all_permission = ""  # "app_label.codename": sees every educator's records

    def visible_to(self, user):
        """Own records; their educators' for district administrators; all for the state."""
        if not user.is_authenticated:
            return self.none()
        if self.view_all_permission and user.has_perm(self.view_all_permission):
            return self
        return self.filter(educator_scope(user)).distinct()
