"""Our corrections to Django's per-language formats (FORMAT_MODULE_PATH)."""
