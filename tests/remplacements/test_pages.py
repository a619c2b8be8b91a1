"""Public pages of the offers on the real PostgreSQL: the posting form (French errors on the fields, nothing
lost, rate limit), the poster's space (magic link: edit, « pourvue », withdraw), the moderation actions of the
admin, the list and its search (distance, kind, level, semester, rent, EPCI), the map's JSON, an offer's page
and its contact form; owners' e-mails never appear; query counts do not grow with the offers."""

import gzip
import json
import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from remplacements.enums import SemestreStage, StatutOffre, TypeOffre
from remplacements.models import Offre
from remplacements.services.acces import jeton_creer
from remplacements.services.offres import offre_publier
from tests.observatoire.factories import CommuneFactory

from .factories import OffreFactory

pytestmark = pytest.mark.django_db


def formulaire(commune="Agen (47000)", **autres):
    aujourdhui = timezone.localdate()
    donnees = {
        "type": "remplacement",
        "titre": "Remplacement de juillet",
        "contact_nom": "Cabinet des Arcades (fictif)",
        "description": "Patientèle variée.",
        "commune": commune,
        "adresse": "",
        "date_debut": (aujourdhui + timedelta(days=20)).isoformat(),
        "date_fin": (aujourdhui + timedelta(days=40)).isoformat(),
        "debut_publication": aujourdhui.isoformat(),
        "fin_publication": (aujourdhui + timedelta(days=60)).isoformat(),
        "retrocession": "70",
        "email_proprietaire": "dr.arcades@exemple.test",
        "consentement": "on",
    }
    donnees.update(autres)
    return {cle: valeur for cle, valeur in donnees.items() if valeur is not None}


def _chemin_espace(corps: str) -> str:
    return re.search(r"(/offres/espace/[^/\s]+/)", corps).group(1)


def test_deposer_une_offre_puis_la_suivre_depuis_son_espace(client, django_capture_on_commit_callbacks):
    CommuneFactory(agen=True)
    assert client.get(reverse("remplacements:offre_nouvelle")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("remplacements:offre_nouvelle"), formulaire())
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    offre = Offre.objects.get()
    assert (offre.statut, offre.commune.nom, offre.retrocession) == (StatutOffre.EN_ATTENTE, "Agen", 70)
    assert "Votre offre est bien reçue" in client.get(reponse.url).content.decode()
    espace = _chemin_espace(mail.outbox[0].body)
    page = client.get(espace)
    assert page.status_code == 200 and page["Referrer-Policy"] == "strict-origin"
    assert "En attente de modération" in page.content.decode()
    # editing keeps it in moderation and changes the field
    modifie = formulaire(titre="Remplacement de juillet et août")
    del modifie["type"], modifie["email_proprietaire"], modifie["consentement"]
    assert client.post(espace, modifie).status_code == 302
    offre.refresh_from_db()
    assert (offre.titre, offre.statut) == ("Remplacement de juillet et août", StatutOffre.EN_ATTENTE)
    # « pourvue » is refused before publication, in French, without a 500
    reponse = client.post(espace + "pourvue/", follow=True)
    assert "Passage impossible" in reponse.content.decode()
    assert client.post(espace + "retirer/").status_code == 302
    assert Offre.objects.get().statut == StatutOffre.RETIREE


@pytest.mark.parametrize(
    "champs, champ_en_erreur, message",
    [
        ({"date_fin": "2020-01-01"}, "date_fin", "La date de fin précède la date de début."),
        ({"commune": "Clermont-Ferrand"}, "commune", ""),
        ({"retrocession": "150"}, "retrocession", "La rétrocession est un pourcentage entre 0 et 100."),
        (
            {"type": "logement", "loyer_mensuel": "9000", "capacite": "1", "pour_internes": "on"},
            "loyer_mensuel",
            "Indiquez un loyer entre 0 et 5 000 € par mois.",
        ),
        ({"type": "stage", "capacite": "2", "pour_internes": "on"}, "maitre_de_stage", "Indiquez le maître de stage."),
        ({"type": "poste"}, "type_poste", "Précisez le type de poste."),
        ({"date_debut": "32/13/2026"}, "date_debut", "Saisissez une date valide"),
    ],
)
def test_une_saisie_fautive_est_dite_sur_son_champ_et_rien_n_est_perdu(client, champs, champ_en_erreur, message):
    CommuneFactory(agen=True)
    reponse = client.post(reverse("remplacements:offre_nouvelle"), formulaire(**champs))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert f'id="id_{champ_en_erreur}-erreurs"' in html
    assert message in html
    assert 'value="Cabinet des Arcades (fictif)"' in html  # what was typed stays
    assert not Offre.objects.exists()


def test_le_depot_est_limite_par_adresse_seuls_les_envois_acceptes_comptent(client):
    CommuneFactory(agen=True)
    url = reverse("remplacements:offre_nouvelle")
    for _ in range(12):  # forms sent back with errors use none of the quota
        assert client.post(url, formulaire(date_fin="2020-01-01")).status_code == 200
    for numero in range(10):
        assert client.post(url, formulaire(titre=f"Remplacement n° {numero}")).status_code == 302
    reponse = client.post(url, formulaire(titre="Un de trop"))
    assert reponse.status_code == 429
    assert int(reponse["Retry-After"]) == 3600  # the real wait (the suite freezes the window far ahead)
    assert "<strong>1 heure</strong>" in reponse.content.decode()
    assert Offre.objects.count() == 10


def test_lien_invalide(client):
    assert client.get(reverse("remplacements:espace", kwargs={"jeton": "faux"})).status_code == 404


def test_la_moderation_publie_et_l_auteur_est_prevenu(admin_client, django_capture_on_commit_callbacks):
    attente = OffreFactory(en_attente=True, titre="Poste en MSP", email_proprietaire="msp@exemple.test")
    autre = OffreFactory(en_attente=True)
    liste = admin_client.get(reverse("admin:remplacements_offre_changelist"))
    assert liste.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:remplacements_offre_changelist"),
            {"action": "publier", ACTION_CHECKBOX_NAME: [attente.pk]},
        )
    attente.refresh_from_db()
    assert attente.statut == StatutOffre.PUBLIEE
    assert mail.outbox[-1].to == ["msp@exemple.test"] and "est publiée" in mail.outbox[-1].subject
    # sending back asks for a reason first, then sends it
    url = reverse("admin:remplacements_offre_changelist")
    intermediaire = admin_client.post(url, {"action": "renvoyer_au_brouillon", ACTION_CHECKBOX_NAME: [autre.pk]})
    assert "Motif, envoyé à l’auteur" in intermediaire.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url, {"action": "renvoyer_au_brouillon", ACTION_CHECKBOX_NAME: [autre.pk], "motif": "Adresse ?"}
        )
    assert Offre.objects.get(pk=autre.pk).statut == StatutOffre.BROUILLON
    assert "Motif : Adresse ?" in mail.outbox[-1].body


def _titres(reponse) -> list[str]:
    return [o.titre for o in reponse.context["page"]]


def test_recherche_a_moins_de_30_km_d_agen_pour_le_semestre_de_novembre(client):
    CommuneFactory(agen=True)
    bon_encaissement = CommuneFactory(nom="Bon-Encontre", latitude=44.1853, longitude=0.6700)  # ~4 km
    marmande = CommuneFactory(nom="Marmande", latitude=44.5003, longitude=0.1653)  # ~49 km
    OffreFactory(stage=True, titre="Stage proche", commune=bon_encaissement)
    OffreFactory(stage=True, titre="Stage de mai", commune=bon_encaissement, semestre=SemestreStage.MAI)
    OffreFactory(stage=True, titre="Stage loin", commune=marmande)
    OffreFactory(stage=True, titre="Stage en attente", commune=bon_encaissement, en_attente=True)
    OffreFactory(logement=True, titre="Logement proche", commune=bon_encaissement, loyer_mensuel=300)
    OffreFactory(logement=True, titre="Logement cher", commune=bon_encaissement, loyer_mensuel=900)
    reponse = client.get(
        reverse("remplacements:offres"),
        {
            "type": "stage",
            "commune": "Agen (47000)",
            "distance": "30",
            "semestre": "novembre",
            "niveau": "docteur_junior",
        },
    )
    assert _titres(reponse) == ["Stage proche"]
    assert "à 4 km" in reponse.content.decode()
    reponse = client.get(
        reverse("remplacements:offres"), {"type": "logement", "commune": "Agen", "distance": "30", "loyer_max": "400"}
    )
    assert _titres(reponse) == ["Logement proche"]


def test_recherche_fautive_dite_sur_le_champ_sans_erreur_500(client):
    CommuneFactory(agen=True)
    reponse = client.get(
        reverse("remplacements:offres"),
        {"commune": "Atlantide", "distance": "-4", "disponible_du": "2027-01-10", "disponible_au": "2026-01-01"},
    )
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert 'id="id_commune-erreurs"' in html
    assert "Indiquez une distance entre 1 et 200 km." in html
    assert "Cette date précède la première" in html


def test_recherche_par_epci_et_par_dates(client):
    agen = CommuneFactory(agen=True)
    ailleurs = CommuneFactory()
    aujourdhui = timezone.localdate()
    OffreFactory(titre="Dans l’agglo", commune=agen)
    OffreFactory(titre="Ailleurs", commune=ailleurs)
    OffreFactory(
        titre="Trop tard",
        commune=agen,
        date_debut=aujourdhui + timedelta(days=400),
        date_fin=aujourdhui + timedelta(days=420),
    )
    reponse = client.get(
        reverse("remplacements:offres"),
        {
            "epci": agen.epci_id,
            "disponible_du": aujourdhui.isoformat(),
            "disponible_au": (aujourdhui + timedelta(90)).isoformat(),
        },
    )
    assert _titres(reponse) == ["Dans l’agglo"]


def test_carte_json_seulement_id_type_titre_coordonnees_compressee(client):
    offre = OffreFactory(email_proprietaire="secret@exemple.test")
    autres = OffreFactory.create_batch(4, logement=True)
    attente = OffreFactory(en_attente=True)
    reponse = client.get(reverse("remplacements:offres_carte"), HTTP_ACCEPT_ENCODING="gzip")
    assert reponse["Content-Encoding"] == "gzip"
    texte = gzip.decompress(reponse.content).decode()
    points = json.loads(texte)["offres"]
    assert {p["id"] for p in points} == {str(o.uuid) for o in [offre, *autres]}
    assert str(attente.uuid) not in texte and "secret@exemple.test" not in texte
    assert all(set(p) == {"id", "type", "titre", "lat", "lon"} for p in points)
    assert {
        "id": str(offre.uuid),
        "type": "remplacement",
        "titre": offre.titre,
        "lat": round(offre.latitude, 5),
        "lon": round(offre.longitude, 5),
    } in points


def test_la_carte_suit_les_publications_malgre_le_cache(client, admin_user, django_capture_on_commit_callbacks):
    OffreFactory()
    attente = OffreFactory(en_attente=True)
    assert len(client.get(reverse("remplacements:offres_carte")).json()["offres"]) == 1
    with django_capture_on_commit_callbacks(execute=True):  # the map is kept rendered: a publication renews it
        offre_publier(offre=attente, auteur=admin_user)
    assert len(client.get(reverse("remplacements:offres_carte")).json()["offres"]) == 2


def test_page_d_une_offre_et_message_a_son_auteur_sans_reveler_son_adresse(client, django_capture_on_commit_callbacks):
    offre = OffreFactory(
        email_proprietaire="secret@exemple.test", type=TypeOffre.REMPLACEMENT, titre="Remplacement à Nérac"
    )
    page = client.get(reverse("remplacements:offre", kwargs={"uuid": offre.uuid}))
    assert offre.titre in page.content.decode()
    assert "secret@exemple.test" not in page.content.decode()
    assert "secret@exemple.test" not in client.get(reverse("remplacements:offres")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("remplacements:offre", kwargs={"uuid": offre.uuid}),
            {"nom": "Léa Interne", "email": "lea@exemple.test", "texte": "Je suis intéressée."},
        )
    assert reponse.status_code == 302
    (courriel,) = mail.outbox
    assert courriel.to == ["secret@exemple.test"] and courriel.reply_to == ["lea@exemple.test"]
    assert "Je suis intéressée." in courriel.body
    assert "secret@exemple.test" not in client.get(reponse.url).content.decode()


def test_une_offre_non_publiee_n_a_pas_de_page(client):
    for offre in (
        OffreFactory(en_attente=True),
        OffreFactory(
            fin_publication=timezone.localdate() - timedelta(1), debut_publication=timezone.localdate() - timedelta(9)
        ),
    ):
        assert client.get(reverse("remplacements:offre", kwargs={"uuid": offre.uuid})).status_code == 404


def test_le_contact_est_limite(client):
    offre = OffreFactory()
    url = reverse("remplacements:offre", kwargs={"uuid": offre.uuid})
    for _ in range(3):  # an empty message is sent back with its error, and costs nothing
        assert client.post(url, {"nom": "X", "email": "x@exemple.test", "texte": ""}).status_code == 200
    for _ in range(5):
        assert client.post(url, {"nom": "X", "email": "x@exemple.test", "texte": "Bonjour"}).status_code == 302
    reponse = client.post(url, {"nom": "X", "email": "x@exemple.test", "texte": "Bonjour"})
    assert reponse.status_code == 429 and reponse.has_header("Retry-After")


@pytest.mark.parametrize("nombre", [3, 60])
def test_requetes_de_la_liste_independantes_du_nombre_d_offres(client, django_assert_max_num_queries, nombre):
    agen = CommuneFactory(agen=True)
    for i in range(nombre):
        OffreFactory(commune=agen, stage=(i % 2 == 0))
    client.get(reverse("remplacements:offres"))  # session, configuration cached
    with django_assert_max_num_queries(8):
        client.get(reverse("remplacements:offres"), {"commune": "Agen", "distance": "30"})
    with django_assert_max_num_queries(4):
        client.get(reverse("remplacements:offres_carte"))
    jeton = jeton_creer(offre=Offre.objects.first())
    with django_assert_max_num_queries(12):
        client.get(reverse("remplacements:espace", kwargs={"jeton": jeton}))


def test_les_chargees_moderent_l_observatoire_ne_voit_pas_les_offres(client):
    from tests.accompagnement.factories_backoffice import CHARGE, OBSERVATOIRE, client_de, membre

    offre = OffreFactory(en_attente=True, titre="Remplacement à modérer")  # no apostrophe to escape
    url = reverse("admin:remplacements_offre_changelist")
    charge = client_de(client, membre(CHARGE))
    assert offre.titre in charge.get(url).content.decode()
    charge.post(url, {"action": "publier", ACTION_CHECKBOX_NAME: [offre.pk]})
    assert Offre.objects.get(pk=offre.pk).statut == StatutOffre.PUBLIEE
    # the change page is read-only: an offer's content is its author's (edited from their space)
    page = charge.get(reverse("admin:remplacements_offre_change", args=[offre.pk])).content.decode()
    assert 'name="titre"' not in page
    client.logout()
    assert client_de(client, membre(OBSERVATOIRE)).get(url).status_code == 403


def test_expirer_en_masse_et_exporter_sans_adresse_ni_formule(admin_client):
    publiee = OffreFactory(titre='=HYPERLINK("http://x")', email_proprietaire="cache@exemple.test")
    url = reverse("admin:remplacements_offre_changelist")
    export = admin_client.post(url, {"action": "exporter_csv", ACTION_CHECKBOX_NAME: [publiee.pk]})
    contenu = export.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in contenu and "cache@exemple.test" not in contenu
    classeur = admin_client.post(url, {"action": "exporter_xlsx", ACTION_CHECKBOX_NAME: [publiee.pk]})
    import io

    from openpyxl import load_workbook

    feuille = load_workbook(io.BytesIO(classeur.content)).active
    valeurs = [cellule.value for ligne in feuille.iter_rows() for cellule in ligne]
    assert '\'=HYPERLINK("http://x")' in valeurs and not any(c.data_type == "f" for c in feuille[2])
    assert "cache@exemple.test" not in valeurs
    assert feuille.cell(row=2, column=10).is_date  # fin de publication stays a date
    admin_client.post(url, {"action": "expirer", ACTION_CHECKBOX_NAME: [publiee.pk]})
    assert Offre.objects.get(pk=publiee.pk).statut == StatutOffre.EXPIREE


def test_nouveau_lien_vers_ses_offres_meme_reponse_adresse_connue_ou_non(client, django_capture_on_commit_callbacks):
    en_cours = OffreFactory(email_proprietaire="Dr.Arcades@exemple.test", titre="Remplacement en cours")
    OffreFactory(email_proprietaire="dr.arcades@exemple.test", statut=StatutOffre.POURVUE)
    url = reverse("remplacements:espace_lien")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        connue = client.post(url, {"email": "dr.arcades@exemple.test"})
        inconnue = client.post(url, {"email": "personne@exemple.test"})
    assert [t.name for t in connue.templates] == [t.name for t in inconnue.templates]
    assert "Vérifiez votre messagerie" in connue.content.decode() and connue.status_code == inconnue.status_code
    (courriel,) = mail.outbox
    assert courriel.to == ["Dr.Arcades@exemple.test"] and "Remplacement en cours" in courriel.subject
    assert client.get(_chemin_espace(courriel.body)).context["offre"] == en_cours
    assert "Saisissez une adresse électronique valide" in client.post(url, {"email": "x"}).content.decode()


def test_chiffres_des_offres_dans_la_moderation(admin_client, django_assert_max_num_queries):
    from datetime import datetime

    agen = CommuneFactory(agen=True)
    publiee = datetime(2026, 10, 1, 9, tzinfo=timezone.get_current_timezone())
    for jours in (4, 10, 30):
        OffreFactory(
            stage=True,
            commune=agen,
            statut=StatutOffre.POURVUE,
            publiee_le=publiee,
            pourvue_le=publiee + timedelta(days=jours),
        )
    OffreFactory.create_batch(2, commune=agen)
    reponse = admin_client.get(reverse("admin:remplacements_offre_changelist"))
    stats = reponse.context["statistiques"]
    stage = next(ligne for ligne in stats["par_type"] if ligne["libelle"] == "Terrain de stage")
    assert (stage["total"], stage["pourvues"], stage["delai_median_jours"]) == (3, 3, 10)
    assert stats["par_epci"] == [{"commune__epci__nom": "CA Agglomération d'Agen", "nombre": 2}]
    assert "Délai médian pour pourvoir" in reponse.content.decode()
