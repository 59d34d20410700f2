"""Settings of the load test's server: the project's settings, with static files served from the apps.

The pages name their static files through the storage; the manifest storage would need `collectstatic`
(half a minute) before every run, and the load test never fetches a static file.
"""

import os

from kenesh.config.settings import *  # noqa: F403
from kenesh.config.settings import DATABASES, STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True

# A/B of persistent SQLite connections (the project's default closes them after each request).
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and os.environ.get(
    "KENESH_PB_LOAD_SQLITE_CONN_MAX_AGE"
):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["KENESH_PB_LOAD_SQLITE_CONN_MAX_AGE"])
