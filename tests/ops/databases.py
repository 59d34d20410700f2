"""The URL of the test database, for a child process (a worker, `manage.py shell`) to reach the same one."""

from django.db import connection


def test_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


test_database_url.__test__ = False  # type: ignore[attr-defined]  (a helper, not a test for pytest)
