"""Demo appeals."""


def load_demo() -> None:
    return None
