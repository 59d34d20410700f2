"""Demo monitoring."""


def load_demo() -> None:
    return None
