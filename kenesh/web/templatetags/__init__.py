"""Template tags of the web app: `{% load kenesh %}`."""
