"""Moving the test database along the migration graph, for the tests of data migrations."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(target):
    """Migrate to `target` ("app", "name") and return the historical apps at that point
    (the target's app as of `target`, every other app at its latest)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    executor.loader.build_graph()
    leaves = [n for n in executor.loader.graph.leaf_nodes() if n[0] != target[0]]
    return executor.loader.project_state([*leaves, target]).apps


def migrate_to_latest():
    """Every app to its latest migration: what the rest of the test session expects."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
