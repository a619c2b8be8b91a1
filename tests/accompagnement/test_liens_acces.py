"""Private links to the requester's space: each new link revokes those older than the last three, so a link
forwarded or left in an old mailbox stops working once newer ones were sent."""

import pytest
from django.urls import reverse

from accompagnement.models import JetonAcces
from accompagnement.services.acces import NOMBRE_LIENS_ACTIFS, jeton_creer, jeton_verifier
from tests.accompagnement.factories import DemandeFactory

pytestmark = pytest.mark.django_db


def _espace(client, jeton):
    return client.get(reverse("accompagnement:espace", kwargs={"jeton": jeton}))


def test_un_quatrieme_lien_revoque_le_premier_les_trois_derniers_ouvrent_l_espace(client):
    assert NOMBRE_LIENS_ACTIFS == 3
    demande = DemandeFactory()
    autre = DemandeFactory()
    jeton_autre = jeton_creer(demande=autre)
    jetons = [jeton_creer(demande=demande) for _ in range(4)]

    assert _espace(client, jetons[0]).status_code == 404
    assert jeton_verifier(jetons[0]) is None
    for jeton in jetons[1:]:
        assert _espace(client, jeton).status_code == 200
        assert jeton_verifier(jeton) == demande
    # the links of another request are untouched
    assert jeton_verifier(jeton_autre) == autre

    jeton_creer(demande=demande)  # a fifth one: the second goes too
    assert jeton_verifier(jetons[1]) is None
    assert [jeton_verifier(j) for j in jetons[2:]] == [demande, demande]
    assert JetonAcces.objects.filter(demande=demande).count() == 5  # revoked, not deleted (last access kept)
