"""No models: the module is here so that Django sends this app the post_migrate signal (see apps.py)."""
