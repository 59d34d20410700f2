"""Management commands that operate the platform: run_platform, load_demo."""
