"""Load the apps' demo data (their `load_demo()` functions) for tests that want a populated site."""

from importlib import import_module

# The order the `load_demo` command uses: people and messages refer to territory.
DEMO_APPS = ("territory", "accounts", "messaging")


def demo_load(apps: tuple[str, ...] = DEMO_APPS) -> list[str]:
    """Call `kenesh.<app>.demo.load_demo()` for each app that has one; return the apps loaded."""
    loaded = []
    for app in apps:
        try:
            module = import_module(f"kenesh.{app}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"kenesh.{app}.demo":
                raise
            continue
        module.load_demo()
        loaded.append(app)
    return loaded
