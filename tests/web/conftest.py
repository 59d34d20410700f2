"""Fixtures of the web tests: an administrator signed in to the office (second factor passed)."""

import pytest
from django.test import Client

from kenesh.accounts.testing import office_login


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(login="office-admin@kenesh.test", password=None)


@pytest.fixture
def office_client(client: Client, superuser) -> Client:
    office_login(client, superuser)
    return client
