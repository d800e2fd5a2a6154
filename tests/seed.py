"""Re-run the data migrations' seed steps on a database a transactional test flushed."""

from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from catalogue.models import Programme


def reseed_if_flushed() -> None:
    if Programme.objects.exists():
        return
    loader = MigrationLoader(connection)
    plan = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan.extend(node for node in loader.graph.forwards_plan(leaf) if node not in plan)
    for key in plan:
        operations = loader.graph.nodes[key].operations
        if not any(isinstance(op, RunPython) for op in operations):
            continue
        state = loader.project_state(key, at_end=False)
        # Not entered as a context: the seed steps only read its connection, and SQLite
        # refuses to open a schema editor inside the test's transaction.
        editor = connection.schema_editor()
        for op in operations:
            if isinstance(op, RunPython):
                op.code(state.apps, editor)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
