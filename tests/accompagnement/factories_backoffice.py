"""Helpers of the back-office tests: staff members in the hotline's groups, and a logged-in admin client.

The groups come from the migration accompagnement/0003_groupes, but a transactional test (transaction=True)
flushes every table, groups included: `groupe()` recreates them from accompagnement/groupes.py when missing."""

import pytest
from django.contrib.auth.models import Group, Permission

from accompagnement.groupes import CHARGE, OBSERVATOIRE, RESPONSABLE, groupes_creer
from tests.accompagnement.factories import AgentFactory

__all__ = ["CHARGE", "OBSERVATOIRE", "RESPONSABLE", "client_de", "groupe", "membre"]


def groupe(nom: str) -> Group:
    """The hotline's group `nom`, recreated with its permissions if a flush removed it."""
    return Group.objects.filter(name=nom).first() or groupes_creer(Group, Permission)[nom]


def membre(nom_groupe: str | None, **kwargs):
    """A staff member in the group `nom_groupe` (None: staff with no permission at all)."""
    agent = AgentFactory(**kwargs)
    if nom_groupe:
        agent.groups.add(groupe(nom_groupe))
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
    """`client` logged in as `user` WITH a verified second factor, as after the code page: the user gets a
    confirmed TOTP device and the session carries django-otp's key. Every back-office test logs in this way
    (a Responsable without it is sent to the enrolment page, see accompagnement/securite/)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    appareil = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    appareil = appareil or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return client
