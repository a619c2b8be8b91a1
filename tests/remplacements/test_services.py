"""Offer services on the real PostgreSQL: deposit (commune centre, history, e-mail after commit), the transition
table, moderation, the author's changes, expiry and its reminder, the model's constraints, geocoding without
network, and the distance queryset."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bienvenuedoc.models import Courriel
from remplacements.enums import TRANSITIONS_OFFRE, SourceCoordonnees, StatutOffre, TypeOffre
from remplacements.geocodage import geocoder, lire_reponse_ban
from remplacements.models import EvenementOffre, Offre
from remplacements.services.acces import jeton_verifier
from remplacements.services.offres import (
    TransitionInterdite,
    offre_deposer,
    offre_marquer_pourvue,
    offre_modifier,
    offre_publier,
    offre_refuser,
    offre_retirer,
    offres_expirer,
    offres_prevenir_expiration,
)
from tests.accompagnement.factories import AgentFactory
from tests.observatoire.factories import CommuneFactory

from .factories import OffreFactory

pytestmark = pytest.mark.django_db


def donnees_remplacement(commune, **autres):
    aujourdhui = timezone.localdate()
    return {
        "type": TypeOffre.REMPLACEMENT,
        "titre": "Remplacement d’été en cabinet de groupe",
        "description": "Patientèle variée, secrétariat sur place.",
        "commune": commune,
        "adresse": "12 rue des Juifs",
        "date_debut": aujourdhui + timedelta(days=20),
        "date_fin": aujourdhui + timedelta(days=40),
        "debut_publication": aujourdhui,
        "fin_publication": aujourdhui + timedelta(days=60),
        "contact_nom": "Cabinet des Arcades (fictif)",
        "retrocession": 70,
        **autres,
    }


def _lien(corps: str) -> str:
    return corps.split("/offres/espace/")[1].split("/")[0]


def test_un_depot_attend_la_moderation_au_centre_de_la_commune_et_son_auteur_recoit_son_lien(
    django_capture_on_commit_callbacks,
):
    agen = CommuneFactory(agen=True)
    with django_capture_on_commit_callbacks(execute=True):
        offre = offre_deposer(donnees=donnees_remplacement(agen), email_proprietaire="dr.test@exemple.test")
    offre.refresh_from_db()
    assert offre.statut == StatutOffre.EN_ATTENTE
    assert (offre.latitude, offre.longitude) == (agen.latitude, agen.longitude)
    assert offre.source_coordonnees == SourceCoordonnees.COMMUNE
    assert list(offre.evenements.values_list("type", "vers", "par_auteur_offre")) == [("creation", "en_attente", True)]
    (courriel,) = mail.outbox
    assert courriel.to == ["dr.test@exemple.test"]
    assert jeton_verifier(_lien(courriel.body)) == offre
    assert Courriel.objects.get().envoye_le is not None


def test_le_courriel_n_est_programme_qu_apres_la_validation(django_capture_on_commit_callbacks):
    agen = CommuneFactory(agen=True)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        offre_deposer(donnees=donnees_remplacement(agen), email_proprietaire="dr.test@exemple.test")
    assert len(rappels) == 1 and mail.outbox == []


def test_des_dates_a_l_envers_sont_refusees_en_francais_sans_rien_enregistrer():
    agen = CommuneFactory(agen=True)
    aujourdhui = timezone.localdate()
    with pytest.raises(ValidationError) as erreur:
        offre_deposer(
            donnees=donnees_remplacement(agen, date_debut=aujourdhui + timedelta(days=9), date_fin=aujourdhui),
            email_proprietaire="dr.test@exemple.test",
        )
    assert "La date de fin précède la date de début." in str(erreur.value)
    assert not Offre.objects.exists() and not Courriel.objects.exists()


@pytest.mark.parametrize(
    "champs",
    [
        {"retrocession": 101},
        {"type": TypeOffre.LOGEMENT, "retrocession": 50, "capacite": 1},
        {"type": TypeOffre.REMPLACEMENT, "loyer_mensuel": 300},
        {"type": TypeOffre.STAGE, "retrocession": None, "capacite": 1, "maitre_de_stage": ""},
        {"type": TypeOffre.POSTE, "retrocession": None, "type_poste": ""},
        {"type": TypeOffre.LOGEMENT, "retrocession": None, "capacite": None},
    ],
)
def test_la_base_refuse_un_champ_hors_de_son_type(champs):
    with pytest.raises(IntegrityError), transaction.atomic():
        OffreFactory(**champs)


def test_la_table_des_transitions_est_appliquee():
    responsable = AgentFactory()
    offre = OffreFactory(en_attente=True)
    with pytest.raises(TransitionInterdite, match="« En attente de modération » au statut « Pourvue »"):
        offre_marquer_pourvue(offre=offre)
    offre_publier(offre=offre, auteur=responsable)
    offre_marquer_pourvue(offre=offre)
    with pytest.raises(TransitionInterdite):
        offre_retirer(offre=offre)
    assert TRANSITIONS_OFFRE[StatutOffre.POURVUE] == set()
    assert list(EvenementOffre.objects.filter(offre=offre).values_list("de", "vers", "auteur", "par_auteur_offre")) == [
        ("en_attente", "publiee", responsable.pk, False),
        ("publiee", "pourvue", None, True),
    ]


def test_publier_previent_l_auteur_et_refuser_lui_donne_le_motif(django_capture_on_commit_callbacks):
    responsable = AgentFactory()
    offre = OffreFactory(en_attente=True, email_proprietaire="auteur@exemple.test")
    with django_capture_on_commit_callbacks(execute=True):
        offre_refuser(offre=offre, auteur=responsable, motif="Précisez la rétrocession.")
    assert "Motif : Précisez la rétrocession." in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        offre_modifier(offre=offre, donnees={"retrocession": 80})
        offre_publier(offre=offre, auteur=responsable)
    offre.refresh_from_db()
    assert (offre.statut, offre.retrocession) == (StatutOffre.PUBLIEE, 80)
    assert "est publiée" in mail.outbox[-1].subject and f"/offres/{offre.uuid}/" in mail.outbox[-1].body


def test_une_offre_publiee_modifiee_repasse_en_moderation_et_quitte_les_pages_publiques():
    offre = OffreFactory(titre="Avant")
    assert Offre.objects.publiees().filter(pk=offre.pk).exists()
    offre_modifier(offre=offre, donnees={"titre": "Après", "type": TypeOffre.LOGEMENT})
    offre.refresh_from_db()
    assert (offre.titre, offre.type, offre.statut) == ("Après", TypeOffre.REMPLACEMENT, StatutOffre.EN_ATTENTE)
    assert not Offre.objects.publiees().filter(pk=offre.pk).exists()


def test_expiration_et_rappel_une_semaine_avant(django_capture_on_commit_callbacks):
    aujourdhui = timezone.localdate()
    passee = OffreFactory(fin_publication=aujourdhui - timedelta(days=1), debut_publication=aujourdhui - timedelta(9))
    bientot = OffreFactory(fin_publication=aujourdhui + timedelta(days=6))
    loin = OffreFactory(fin_publication=aujourdhui + timedelta(days=30))
    assert not Offre.objects.publiees().filter(pk=passee.pk).exists()  # gone from public pages at once
    with django_capture_on_commit_callbacks(execute=True):
        assert offres_expirer() == 1
        assert offres_prevenir_expiration() == 1
        assert offres_prevenir_expiration() == 0  # once only
    assert Offre.objects.get(pk=passee.pk).statut == StatutOffre.EXPIREE
    assert Offre.objects.get(pk=loin.pk).rappel_expiration_le is None
    sujets = {m.to[0]: m.subject for m in mail.outbox}
    assert "a expiré" in sujets[passee.email_proprietaire]
    assert "expire bientôt" in sujets[bientot.email_proprietaire]


def test_geocodage_hors_ligne_centre_de_la_commune_et_lecture_d_une_reponse_ban(settings):
    agen = CommuneFactory(agen=True)
    settings.GEOCODAGE_BAN = False
    assert geocoder("12 rue des Juifs", agen).source == SourceCoordonnees.COMMUNE
    reponse = {
        "features": [
            {"geometry": {"coordinates": [0.1, 45.0]}, "properties": {"citycode": "47999", "score": 0.99}},
            {"geometry": {"coordinates": [0.62, 44.2]}, "properties": {"citycode": "47001", "score": 0.3}},
            {"geometry": {"coordinates": [0.6201, 44.2031]}, "properties": {"citycode": "47001", "score": 0.91}},
        ]
    }
    coordonnees = lire_reponse_ban(reponse, agen)
    assert (coordonnees.latitude, coordonnees.longitude, coordonnees.source) == (44.2031, 0.6201, "ban")
    assert lire_reponse_ban({"features": []}, agen) is None


def test_ban_injoignable_garde_le_centre_de_la_commune(settings):
    agen = CommuneFactory(agen=True)
    settings.GEOCODAGE_BAN = True
    settings.GEOCODAGE_BAN_URL = "http://127.0.0.1:9/search/"  # nothing listens: refused at once, no network
    assert geocoder("12 rue des Juifs", agen).source == SourceCoordonnees.COMMUNE


def test_autour_de_filtre_par_distance_exacte_apres_le_cadre():
    agen = CommuneFactory(agen=True)
    proche = OffreFactory(latitude=44.30, longitude=0.62575)  # ~10.8 km north
    dans_le_cadre_mais_loin = OffreFactory(latitude=44.20284 + 0.26, longitude=0.62575 + 0.36)  # corner: ~40 km
    loin = OffreFactory(latitude=44.0, longitude=-0.05)
    trouvees = {o.pk: o.distance_km for o in Offre.objects.autour_de(agen.latitude, agen.longitude, 30)}
    assert set(trouvees) == {proche.pk}
    assert trouvees[proche.pk] == pytest.approx(10.8, abs=0.2)
    assert dans_le_cadre_mais_loin.pk not in trouvees and loin.pk not in trouvees


def test_la_tache_quotidienne_expire_previent_et_purge_les_vieux_messages():
    from remplacements.models import MessageOffre
    from remplacements.tasks import expirer_offres_task

    aujourdhui = timezone.localdate()
    offre = OffreFactory(fin_publication=aujourdhui - timedelta(days=1), debut_publication=aujourdhui - timedelta(9))
    OffreFactory(fin_publication=aujourdhui + timedelta(days=3))
    MessageOffre.objects.create(
        offre=offre, nom="X", email="x@exemple.test", texte="Bonjour", cree_le=timezone.now() - timedelta(days=40)
    )
    MessageOffre.objects.create(offre=offre, nom="Y", email="y@exemple.test", texte="Bonjour")
    assert expirer_offres_task.delay().get() == {"expirees": 1, "prevenues": 1, "messages_supprimes": 1}
    assert MessageOffre.objects.get().nom == "Y"
