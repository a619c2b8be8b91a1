"""20 people submit the form at the same moment against PostgreSQL: 20 requests, each saved once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from accompagnement.enums import TypeNotification
from accompagnement.models import Besoin, Demande, Notification
from tests.accompagnement.test_public_demande import donnees
from tests.observatoire.factories import CommuneFactory

NOMBRE = 20


@pytest.mark.django_db(transaction=True)
def test_vingt_envois_simultanes_donnent_vingt_demandes():
    CommuneFactory(agen=True)
    depart = threading.Barrier(NOMBRE)
    statuts, erreurs = [], []

    def envoyer(numero: int):
        try:
            client = Client(REMOTE_ADDR=f"10.0.0.{numero + 1}")  # one address each: no rate limit between them
            depart.wait(timeout=30)
            reponse = client.post("/demande/", donnees(email=f"personne{numero}@exemple.test"))
            statuts.append(reponse.status_code)
        except Exception as exc:  # reported by the assertion below
            erreurs.append(repr(exc))
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer, args=(i,)) for i in range(NOMBRE)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=120)

    assert erreurs == []
    assert statuts == [302] * NOMBRE
    assert Demande.objects.count() == NOMBRE
    assert Demande.objects.values("email").distinct().count() == NOMBRE
    assert Demande.objects.values("reference").distinct().count() == NOMBRE
    assert Besoin.objects.count() == 3 * NOMBRE
    assert Notification.objects.filter(type=TypeNotification.ACCUSE_RECEPTION).count() == NOMBRE
    assert (
        Notification.objects.filter(type=TypeNotification.ACCUSE_RECEPTION).values("demande").distinct().count()
        == NOMBRE
    )
