"""People and their roles."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in to Kenesh (placeholder: the accounts work extends it)."""
