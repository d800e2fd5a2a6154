"""Re-run the data migrations' seed steps on a database a transactional test flushed."""

from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.db.models import ForeignKey

from catalogue.models import Programme


def reseed_if_flushed() -> None:
    if Programme.objects.exists():
        return
    loader = MigrationLoader(connection)
    columns: dict[str, set[str]] = {}
    plan = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan.extend(node for node in loader.graph.forwards_plan(leaf) if node not in plan)
    for key in plan:
        operations = loader.graph.nodes[key].operations
        if not any(isinstance(op, RunPython) for op in operations):
            continue
        state = _as_the_database_has_it(loader.project_state(key, at_end=False), columns)
        # Not entered as a context: the seed steps only read its connection, and SQLite
        # refuses to open a schema editor inside the test's transaction.
        editor = connection.schema_editor()
        for op in operations:
            if isinstance(op, RunPython):
                op.code(state.apps, editor)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)


def _as_the_database_has_it(state, columns: dict[str, set[str]]):
    """``state`` without the fields whose column a later migration dropped (e.g. the
    programs' stored count), so that a seed step writes only columns that exist."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for (app_label, _name), model in state.models.items():
            table = model.options.get("db_table") or f"{app_label}_{model.name_lower}"
            if table not in tables or model.options.get("proxy"):
                continue
            if table not in columns:
                description = connection.introspection.get_table_description(cursor, table)
                columns[table] = {column.name for column in description}
            gone = [
                name
                for name, field in model.fields.items()
                if not field.many_to_many
                and (field.db_column or (f"{name}_id" if isinstance(field, ForeignKey) else name))
                not in columns[table]
            ]
            for name in gone:
                del model.fields[name]
    return state
