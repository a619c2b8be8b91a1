"""Helpers of the back-office tests: staff members in the hotline's groups (created by the migration
accompagnement/0003_groupes), and a logged-in admin client."""

import pytest
from django.contrib.auth.models import Group

from tests.accompagnement.factories import AgentFactory

CHARGE = "Chargé·e d’accompagnement"
RESPONSABLE = "Responsable"
OBSERVATOIRE = "Observatoire"


def membre(groupe: str | None, **kwargs):
    """A staff member in `groupe` (None: staff with no permission at all)."""
    agent = AgentFactory(**kwargs)
    if groupe:
        agent.groups.add(Group.objects.get(name=groupe))
    return agent


@pytest.fixture
def charge():
    return membre(CHARGE, first_name="Camille", last_name="Chargée")


@pytest.fixture
def responsable():
    return membre(RESPONSABLE, first_name="Rémi", last_name="Responsable")


@pytest.fixture
def observateur():
    return membre(OBSERVATOIRE, first_name="Olga", last_name="Observatoire")


def client_de(client, user):
    client.force_login(user)
    return client
