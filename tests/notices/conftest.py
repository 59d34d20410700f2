from tests.hearings.conftest import ours, staff, theirs  # noqa: F401
