"""Management commands of the web app."""
