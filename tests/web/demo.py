"""Load the apps' demo data for tests that want a populated site, through the load_demo loaders."""

from kenesh.ops.demo import demo_loaders

# The light base every browser test gets: people and messages refer to territory. An app whose pages need its
# own demo (budgets, pb) asks for it, so other tests do not pay for 2,000 demo ballots each.
DEMO_APPS = ("territory", "accounts", "messaging")


def demo_load(apps: tuple[str, ...] = DEMO_APPS) -> list[str]:
    """Call `kenesh.<app>.demo.load_demo()` for each app that has one, in order; return the apps loaded."""
    loaded = []
    for module, load_demo in demo_loaders(tuple(f"kenesh.{app}.demo" for app in apps)):
        if load_demo is not None:
            load_demo()
            loaded.append(module.split(".")[1])
    return loaded
