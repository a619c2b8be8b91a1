"""django-simple-history in the back office (issue 9, item 2): the form of a past version (« rétablir »)
needs the change permission of the object, GET and POST (the library checks only the view permission); the
history pages of a need are scoped like its case; the need's past version no longer answers 500."""

import pytest
from django.urls import reverse

from accompagnement.models import Besoin, ModeleEtape
from partenaires.models import Partenaire
from tests.accompagnement.factories import AgentFactory, BesoinFactory, DemandeFactory, ModeleEtapeFactory
from tests.accompagnement.factories_backoffice import CHARGE, RESPONSABLE, client_de, membre
from tests.partenaires.factories import PartenaireFactory

pytestmark = pytest.mark.django_db


def _url_version(objet, version=None):
    version = version or objet.history.earliest()
    meta = objet._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[objet.pk, version.history_id])


@pytest.fixture
def modele_modifie():
    modele = ModeleEtapeFactory(titre="Ouvrir un compte URSSAF", organisme="URSSAF")
    modele.titre = "Titre actuel"
    modele.save()
    return modele


def test_un_charge_ne_retablit_pas_un_modele_d_etape(client, modele_modifie):
    client_de(client, membre(CHARGE))
    url = _url_version(modele_modifie)
    assert client.get(url).status_code == 403
    champs = {"type_projet": modele_modifie.type_projet, "ordre": 0, "titre": "Piraté", "organisme": "x"}
    assert client.post(url, champs).status_code == 403
    modele_modifie.refresh_from_db()
    assert modele_modifie.titre == "Titre actuel"
    # its history stays readable (view permission)
    historique = reverse("admin:accompagnement_modeleetape_history", args=[modele_modifie.pk])
    assert client.get(historique).status_code == 200


@pytest.mark.ignore_template_errors  # the library's own templates (export_url, onclick_attrib)
def test_un_responsable_retablit_un_modele_d_etape(client, modele_modifie):
    client_de(client, membre(RESPONSABLE))
    url = _url_version(modele_modifie)
    formulaire = client.get(url)
    assert formulaire.status_code == 200
    form = formulaire.context["adminform"].form
    donnees = {nom: form[nom].value() for nom in form.fields}
    donnees = {k: v for k, v in donnees.items() if v is not None and v is not False}
    assert client.post(url, donnees).status_code == 302
    modele_modifie.refresh_from_db()
    assert modele_modifie.titre == "Ouvrir un compte URSSAF"


def test_un_charge_ne_retablit_pas_un_partenaire(client):
    partenaire = PartenaireFactory(nom="Avant")
    Partenaire.objects.get(pk=partenaire.pk).save()
    client_de(client, membre(CHARGE))
    url = _url_version(partenaire)
    assert client.get(url).status_code == 403
    assert client.post(url, {"nom": "Piraté", "slug": partenaire.slug, "type": partenaire.type}).status_code == 403
    partenaire.refresh_from_db()
    assert partenaire.nom == "Avant"


def test_les_pages_d_historique_d_un_besoin_suivent_la_visibilite_de_sa_demande(client):
    charge = membre(CHARGE)
    autre = AgentFactory()
    cache = BesoinFactory(demande=DemandeFactory(referent=autre), precision="Précision confidentielle")
    sien = BesoinFactory(demande=DemandeFactory(referent=charge))
    for besoin in (cache, sien):
        Besoin.objects.get(pk=besoin.pk).save()  # a second version
    client_de(client, charge)

    def statuts(besoin):
        return [
            client.get(reverse("admin:accompagnement_besoin_change", args=[besoin.pk])).status_code,
            client.get(reverse("admin:accompagnement_besoin_history", args=[besoin.pk])).status_code,
            client.get(_url_version(besoin)).status_code,
            client.post(_url_version(besoin), {"precision": "x"}).status_code,
        ]

    assert statuts(cache) == [404, 404, 404, 404]
    assert (
        "Précision confidentielle"
        not in client.get(reverse("admin:accompagnement_besoin_history", args=[cache.pk])).content.decode()
    )
    # her own need: readable, never rewritten through the revert form (needs change through the services)
    assert statuts(sien) == [200, 200, 403, 403]
    cache.refresh_from_db()
    assert cache.precision == "Précision confidentielle"


def test_la_version_passee_d_un_besoin_ne_repond_plus_500(admin_client):
    besoin = BesoinFactory()
    Besoin.objects.get(pk=besoin.pk).save()
    assert admin_client.get(_url_version(besoin)).status_code == 403  # read-only admin: no revert
    assert admin_client.get(reverse("admin:accompagnement_besoin_history", args=[besoin.pk])).status_code == 200


def test_le_formulaire_d_un_besoin_se_construit_sans_le_tri_des_demandes(rf, admin_user):
    """The cause of the 500: the case select of the need's form was sorted by the case list's annotation."""
    from django.contrib import admin

    besoin = BesoinFactory()
    requete = rf.get("/")
    requete.user = admin_user
    formulaire = admin.site.get_model_admin(Besoin).get_form(requete, besoin)(instance=besoin)
    assert str(formulaire)  # renders every widget (the FieldError was raised here)


def test_identifiants_invalides_dans_l_url_d_une_version(admin_client):
    modele = ModeleEtapeFactory()
    base = reverse("admin:accompagnement_modeleetape_history", args=[modele.pk])
    assert admin_client.get(base.replace("/history/", "/history/abc/")).status_code == 404
    url = reverse("admin:accompagnement_modeleetape_simple_history", args=["abc", 1])
    assert admin_client.get(url).status_code == 404
    assert ModeleEtape.objects.filter(pk=modele.pk).exists()
