"""Django's database sessions, read with one plain SQL statement, with every version.

Every signed-in request reads its session row first. The ORM's ``get`` builds and
compiles that query anew each time (about 0.7 ms of a worker's CPU, more than the
database takes to answer); the statement is fixed, so it is written out once here. The
same statement reads every topic's version (``apl.versions``, one row per topic joined to
the session row), which the request then needs to read no more: the signed-in user and
their access are served from what this worker keeps under the "access" version
(``accounts.access``). Writing, expiring and deleting sessions are Django's own, unchanged.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from apl import versions


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)  # the model's, not input
        # One row per topic (one with no topic when nothing is noted yet); none when the
        # session is missing or expired.
        sql = (
            f"SELECT s.session_data, v.* FROM {table} s "  # noqa: S608 (the model's table)
            f"LEFT JOIN ({versions.VERSIONS_SQL}) v ON 1 = 1 "
            "WHERE s.session_key = %s AND s.expire_date > %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, timezone.now()])
            rows = cursor.fetchall()
        if not rows:
            self._session_key = None
            return None
        versions.prime(versions.from_rows(row[1:] for row in rows))
        return model(session_key=self.session_key, session_data=rows[0][0])
