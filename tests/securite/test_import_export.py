"""django-import-export and stored URLs (issue 9, item 1).

- Import needs the model's add AND change permissions: every hotline group (Chargé·e, Responsable,
  Observatoire) and a staff account without group get 403 on the import URLs of partners and aids, GET and
  POST; export needs the view permission; the partners' internal contacts are exported only to the
  Responsable role.
- Every imported row goes through the model's validation: a `javascript:` website is refused in the preview
  with a French message and nothing is written (a valid file, through the same steps, is imported).
- URL fields accept only http(s) in the model (not only in a form), and a row stored around the validator
  (`.update()`) is never rendered as a link."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accompagnement.models import Etape
from accompagnement.services.acces import jeton_creer
from bienvenuedoc.models import ConfigurationSite, configuration_courante
from partenaires.models import AideFinanciere, Partenaire
from tests.accompagnement.factories import EtapeFactory, ModeleEtapeFactory
from tests.accompagnement.factories_backoffice import CHARGE, OBSERVATOIRE, RESPONSABLE, client_de, membre
from tests.partenaires.factories import AideFinanciereFactory, PartenaireFactory

pytestmark = pytest.mark.django_db

XSS = "javascript:alert(document.domain)"
MESSAGE_URL = "Saisissez une adresse internet complète commençant par http:// ou https://."


def _csv(lignes: list[dict]) -> bytes:
    tampon = io.StringIO()
    ecrivain = csv.DictWriter(tampon, fieldnames=list(lignes[0]))
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    return tampon.getvalue().encode("utf-8")


def _index_format(client, url, extension="csv"):
    formulaire = client.get(url).context["form"]
    return next(v for v, libelle in formulaire.fields["format"].choices if str(libelle).lower() == extension)


def _importer(client, contenu: bytes, app="partenaires", modele="partenaire"):
    url = reverse(f"admin:{app}_{modele}_import")
    fichier = SimpleUploadedFile("import.csv", contenu, content_type="text/csv")
    return client.post(url, {"import_file": fichier, "format": _index_format(client, url)})


# --- who may import and export ---------------------------------------------------------------------------
@pytest.mark.parametrize("groupe", [CHARGE, RESPONSABLE, OBSERVATOIRE, None])
@pytest.mark.parametrize("modele", ["partenaire", "aidefinanciere"])
def test_import_interdit_aux_groupes_de_la_hotline(client, groupe, modele):
    partenaire = PartenaireFactory(nom="Avant")
    client_de(client, membre(groupe))
    for nom in ("import", "process_import"):
        url = reverse(f"admin:partenaires_{modele}_{nom}")
        assert client.get(url).status_code in (403, 405)
        fichier = SimpleUploadedFile("import.csv", _csv([{"slug": partenaire.slug, "nom": "Après"}]))
        assert client.post(url, {"import_file": fichier, "format": "0", "import_file_name": "x"}).status_code == 403
    partenaire.refresh_from_db()
    assert partenaire.nom == "Avant"


@pytest.mark.ignore_template_errors  # the library's own templates (export_url, onclick_attrib)
def test_export_selon_la_permission_de_lecture_et_contacts_internes_au_seul_responsable(client):
    PartenaireFactory(nom="Maison de santé", contact_interne_nom="Joséphine Interne")
    url = reverse("admin:partenaires_partenaire_export")
    client_de(client, membre(OBSERVATOIRE))
    assert client.get(url).status_code == 403
    assert client.post(url, {"format": "0"}).status_code == 403
    client_de(client, membre(None))
    assert client.get(url).status_code == 403

    def exporter(groupe, selection=None):
        """(the field names the export page offers, the CSV file); `selection`: the fields ticked (all offered
        ones by default)."""
        client_de(client, membre(groupe))
        formulaire = client.get(url)
        assert formulaire.status_code == 200
        offerts = [n for n, c in formulaire.context["form"].fields.items() if getattr(c, "is_selectable_field", 0)]
        champs = dict.fromkeys(offerts if selection is None else selection, "on")
        reponse = client.post(url, {"format": _index_format(client, url), "resource": "0", **champs})
        assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/csv")
        return offerts, reponse.content.decode("utf-8-sig")

    personnels = [f"partenaireresource_contact_interne_{c}" for c in ("nom", "email", "telephone")]
    # a Chargé·e exports the partners, not their internal contacts, even when she posts their fields
    offerts, fichier = exporter(CHARGE)
    assert "partenaireresource_nom" in offerts and not set(personnels) & set(offerts)
    assert "Maison de santé" in fichier
    assert "Joséphine Interne" not in fichier and "contact_interne" not in fichier
    offerts, fichier = exporter(CHARGE, ["partenaireresource_nom", *personnels])
    assert "Maison de santé" in fichier
    assert "Joséphine Interne" not in fichier and "contact_interne" not in fichier
    # the Responsable does get them
    offerts, fichier = exporter(RESPONSABLE)
    assert set(personnels) <= set(offerts)
    assert "Joséphine Interne" in fichier and "contact_interne_nom" in fichier


# --- every imported row through the model's validation --------------------------------------------------
def test_import_d_un_site_javascript_refuse_en_francais_et_rien_ne_change(admin_client):
    partenaire = PartenaireFactory(nom="Avant", site_web="https://avant.example.fr/")
    ligne = {"slug": partenaire.slug, "nom": "Après", "type": partenaire.type, "site_web": XSS, "services": ""}
    reponse = _importer(admin_client, _csv([ligne, {**ligne, "slug": "nouveau", "site_web": "https://ok.fr/"}]))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert MESSAGE_URL in html
    assert "confirm_form" not in reponse.context or reponse.context["confirm_form"] is None
    partenaire.refresh_from_db()
    assert (partenaire.nom, partenaire.site_web) == ("Avant", "https://avant.example.fr/")
    assert not Partenaire.objects.filter(slug="nouveau").exists()


def test_import_valide_passe_par_l_apercu_puis_la_confirmation(admin_client):
    partenaire = PartenaireFactory(nom="Avant")
    ligne = {"slug": partenaire.slug, "nom": "Après", "type": partenaire.type, "site_web": "https://ok.fr/"}
    reponse = _importer(admin_client, _csv([{**ligne, "services": "logement"}]))
    assert reponse.status_code == 200, reponse.content.decode()[:2000]
    confirmation = reponse.context["confirm_form"]
    donnees = {nom: confirmation[nom].value() for nom in confirmation.fields}
    reponse = admin_client.post(reverse("admin:partenaires_partenaire_process_import"), donnees)
    assert reponse.status_code == 302
    partenaire.refresh_from_db()
    assert (partenaire.nom, partenaire.site_web) == ("Après", "https://ok.fr/")


def test_import_d_une_aide_valide_le_modele(admin_client):
    aide = AideFinanciereFactory(montant_min=1000, montant_max=1000)
    colonnes = {"id": aide.pk, "nom": aide.nom, "slug": aide.slug, "financeur": aide.financeur_id}
    ligne = {**colonnes, "type": aide.type, "source_url": "data:text/html,<script>alert(1)</script>"}
    ligne |= {"date_verification": "2026-11-24", "montant_min": "5000", "montant_max": "10"}
    reponse = _importer(admin_client, _csv([ligne]), modele="aidefinanciere")
    assert MESSAGE_URL in reponse.content.decode()
    aide.refresh_from_db()
    assert aide.montant_min == 1000 and aide.source_url.startswith("https://")


# --- URL fields: http(s) only, in every model ------------------------------------------------------------
@pytest.mark.parametrize("adresse", [XSS, "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "ftp://example.fr/"])
def test_les_champs_url_n_acceptent_que_http_et_https(adresse):
    objets = [
        (PartenaireFactory.build(), "site_web"),
        (AideFinanciereFactory.build(financeur=PartenaireFactory()), "source_url"),
        (ModeleEtapeFactory.build(), "lien"),
        (EtapeFactory.build(), "lien"),
        (configuration_courante(), "site_organisme"),
    ]
    for objet, champ in objets:
        setattr(objet, champ, adresse)
        with pytest.raises(ValidationError) as erreur:
            objet.full_clean(exclude=[f.name for f in objet._meta.fields if f.name != champ])
        assert MESSAGE_URL in erreur.value.message_dict[champ], (type(objet), champ)
        setattr(objet, champ, "https://www.exemple.fr/page")
        objet.full_clean(exclude=[f.name for f in objet._meta.fields if f.name != champ])


def test_une_adresse_non_http_deja_en_base_n_est_jamais_un_lien(client):
    partenaire = PartenaireFactory(nom="Cabinet piégé")
    Partenaire.objects.filter(pk=partenaire.pk).update(site_web=XSS)
    aide = AideFinanciereFactory(nom="Aide piégée")
    AideFinanciere.objects.filter(pk=aide.pk).update(source_url=XSS)
    config = configuration_courante()
    ConfigurationSite.objects.filter(pk=config.pk).update(site_organisme=XSS)
    from django.core.cache import cache

    cache.clear()
    pages = [partenaire.get_absolute_url(), reverse("partenaires:catalogue"), reverse("site:mentions_legales")]
    for url in pages:
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        html = reponse.content.decode()
        assert "javascript:" not in html.replace(XSS, "") and 'href="javascript' not in html, url
    assert "Cabinet piégé" in client.get(partenaire.get_absolute_url()).content.decode()
    # a correct address is still a link
    Partenaire.objects.filter(pk=partenaire.pk).update(site_web="https://cabinet.example.fr/")
    cache.clear()  # written behind every write path (no invalidation): the public page kept in cache is dropped
    assert 'href="https://cabinet.example.fr/"' in client.get(partenaire.get_absolute_url()).content.decode()


def test_le_lien_d_une_etape_non_http_n_est_pas_un_lien_dans_l_espace(client):
    etape = EtapeFactory(titre="Étape piégée", lien="https://www.ameli.fr/")
    Etape.objects.filter(pk=etape.pk).update(lien=XSS)
    jeton = jeton_creer(demande=etape.demande)
    html = client.get(reverse("accompagnement:espace", kwargs={"jeton": jeton})).content.decode()
    assert "Étape piégée" in html
    assert "javascript:" not in html
