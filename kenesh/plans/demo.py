"""Demo action plan (filled in later in this branch)."""


def load_demo() -> None:
    return None
