"""Admin of the site configuration: the colour's contrast with white is shown and checked (RGAA 4.5:1)."""

import pytest
from django.urls import reverse

from bienvenuedoc.admin import ConfigurationSiteForm, contraste_avec_blanc
from bienvenuedoc.models import DemoGeneree, configuration_courante


def _donnees(config, **modifs):
    champs = ConfigurationSiteForm.Meta.fields
    donnees = {champ: getattr(config, champ) for champ in champs if champ != "logo"}
    return {**{k: ("" if v is None else v) for k, v in donnees.items()}, **modifs}


def test_contraste_avec_blanc():
    assert contraste_avec_blanc("#ffffff") == pytest.approx(1.0)
    assert contraste_avec_blanc("#000000") == pytest.approx(21.0)
    assert contraste_avec_blanc("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["47", "63", "01"])
def test_les_couleurs_des_presets_sont_conformes(settings, code):
    settings.DEPARTEMENT = code
    assert configuration_courante().contraste_couleur >= 4.5


@pytest.mark.django_db
def test_formulaire_refuse_une_couleur_trop_claire():
    config = configuration_courante()
    form = ConfigurationSiteForm(data=_donnees(config, couleur_principale="#66a3ff"), instance=config)
    assert not form.is_valid()
    assert form.errors["couleur_principale"] == [
        "Le contraste de cette couleur avec le texte blanc est de 2,55:1\u00a0; le RGAA exige au moins 4,5:1. "
        "Choisissez une couleur plus foncée."
    ]
    form = ConfigurationSiteForm(data=_donnees(config, couleur_principale="#005a32"), instance=config)
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_admin_affiche_le_contraste_et_refuse_la_couleur(admin_client):
    config = configuration_courante()
    url = reverse("admin:bienvenuedoc_configurationsite_change", args=[config.pk])
    contenu = admin_client.get(url).content.decode()
    assert "contraste avec le blanc" in contenu.lower()
    assert f"{config.contraste_couleur:.2f}".replace(".", ",") + ":1 – conforme" in contenu

    reponse = admin_client.post(url, _donnees(config, couleur_principale="#ffcc00"))
    assert reponse.status_code == 200
    assert "le RGAA exige au moins 4,5:1" in reponse.content.decode()
    config.refresh_from_db()
    assert config.couleur_principale == "#00607a"

    reponse = admin_client.post(url, _donnees(config, couleur_principale="#1d4f91"))
    assert reponse.status_code == 302
    config.refresh_from_db()
    assert config.couleur_principale == "#1d4f91"
    assert config.history.count() == 2  # created, then changed (django-simple-history)
    # The cached configuration is refreshed: the site uses the new colour at once.
    assert "--bd-couleur: #1d4f91;" in admin_client.get("/").content.decode()


@pytest.mark.django_db
def test_demo_generee_en_lecture_seule(admin_client):
    demo = DemoGeneree.objects.create(departement_code="47", graine=47)
    assert admin_client.get(reverse("admin:bienvenuedoc_demogeneree_add")).status_code == 403
    reponse = admin_client.get(reverse("admin:bienvenuedoc_demogeneree_change", args=[demo.pk]))
    assert reponse.status_code == 200
    assert 'name="graine"' not in reponse.content.decode()
    assert 'name="_save"' not in reponse.content.decode()


@pytest.mark.django_db
def test_l_administration_porte_le_nom_du_programme_du_departement(admin_client, settings):
    settings.DEPARTEMENT = "63"
    contenu = admin_client.get(reverse("admin:index")).content.decode()
    assert "Trajectoires Puy-de-Dôme – espace de la hotline" in contenu
    assert "Bienvenue Docteur" not in contenu
