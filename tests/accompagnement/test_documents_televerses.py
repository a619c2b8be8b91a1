# ruff: noqa: F811  (fixtures imported from factories_backoffice)
"""Files uploaded by staff (documents shared with a requester, agents' photos) follow the one rule of
bienvenuedoc/utils/fichiers.py: a type recognised by its content (not only its extension), an extension that
matches it, a size limit; a French error otherwise. Both paths: the back office's case page and the service."""

import io

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accompagnement.models import Document, Evenement, ProfilAgent
from accompagnement.services.suivi import ActionImpossible, document_partager
from bienvenuedoc.utils.fichiers import MO, valider_document, valider_image
from tests.accompagnement.factories import AgentFactory, DemandeFactory
from tests.accompagnement.factories_backoffice import charge, responsable  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# what Windows puts at the start of any program (« MZ » header, then the PE stub)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return weasyprint.HTML(string="<h1>Liste des maisons de santé</h1>").write_pdf()


def _trop_lourd(nom="gros.pdf") -> bytes:
    return b"%PDF-1.7\n" + b"0" * (10 * MO + 1)


def _png() -> bytes:
    tampon = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(tampon, format="PNG")
    return tampon.getvalue()


# --- the validator -----------------------------------------------------------------------------------------
def test_le_validateur_lit_le_contenu_et_la_taille(pdf):
    valider_document(ContentFile(pdf, name="liste.pdf"))
    valider_document(ContentFile(_png(), name="plan.PNG"))
    with pytest.raises(ValidationError, match="type de fichier n’est pas accepté"):
        valider_document(ContentFile(EXE, name="liste.pdf"))  # a program renamed .pdf
    with pytest.raises(ValidationError, match="type de fichier n’est pas accepté"):
        valider_document(ContentFile(pdf, name="liste.html"))  # right content, misleading name
    with pytest.raises(ValidationError, match="type de fichier n’est pas accepté"):
        valider_document(ContentFile(b"<script>alert(1)</script>", name="page.pdf"))
    with pytest.raises(ValidationError, match="trop lourd"):
        valider_document(ContentFile(_trop_lourd(), name="gros.pdf"))
    with pytest.raises(ValidationError, match="type de fichier n’est pas accepté"):
        valider_image(ContentFile(pdf, name="photo.png"))


# --- the service -------------------------------------------------------------------------------------------
def test_le_service_refuse_un_executable_et_un_fichier_trop_lourd_et_accepte_un_vrai_pdf(pdf):
    agent, demande = AgentFactory(), DemandeFactory()
    for fichier in (ContentFile(EXE, name="programme.pdf"), ContentFile(_trop_lourd(), name="gros.pdf")):
        with pytest.raises(ActionImpossible):
            document_partager(demande=demande, auteur=agent, titre="Piège", fichier=fichier)
    assert not Document.objects.exists() and not Evenement.objects.exists()

    document = document_partager(demande=demande, auteur=agent, titre="Liste", fichier=ContentFile(pdf, "liste.pdf"))
    assert document.fichier.read() == pdf


# --- the back office: the case page's « documents partagés » inline --------------------------------------
def _poster_document(client, demande, fichier):
    page = reverse("admin:accompagnement_demande_change", args=[demande.pk])
    donnees = {
        "besoins-TOTAL_FORMS": "0",
        "besoins-INITIAL_FORMS": "0",
        "etapes-TOTAL_FORMS": "0",
        "etapes-INITIAL_FORMS": "0",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-titre": "Document pour vous",
        "documents-0-fichier": fichier,
    }
    return client.post(page, donnees)


@pytest.mark.parametrize(
    "nom,contenu,erreur",
    [
        ("programme.pdf", EXE, "Ce type de fichier n’est pas accepté"),
        ("gros.pdf", _trop_lourd(), "Ce fichier est trop lourd"),
    ],
)
def test_le_back_office_refuse_un_executable_renomme_et_un_fichier_trop_lourd(client, charge, nom, contenu, erreur):
    demande = DemandeFactory(referent=charge)
    client.force_login(charge)
    reponse = _poster_document(client, demande, SimpleUploadedFile(nom, contenu))
    assert reponse.status_code == 200
    assert erreur in reponse.content.decode()
    assert not Document.objects.exists()


def test_le_back_office_accepte_un_vrai_pdf(client, charge, pdf):
    demande = DemandeFactory(referent=charge)
    client.force_login(charge)
    reponse = _poster_document(client, demande, SimpleUploadedFile("liste.pdf", pdf, "application/pdf"))
    assert reponse.status_code == 302
    assert Document.objects.get(demande=demande).fichier.read() == pdf


def test_la_photo_d_un_agent_doit_etre_une_image_legere(rf, responsable):
    """The agents' profile form of the back office (built by its ModelAdmin, as the add/change pages do)."""
    from django.contrib import admin

    requete = rf.get("/")
    requete.user = responsable
    Formulaire = admin.site._registry[ProfilAgent].get_form(requete)
    agent = AgentFactory()

    def erreurs(nom, contenu):
        form = Formulaire(data={"user": agent.pk}, files={"photo": SimpleUploadedFile(nom, contenu)})
        return " ".join(form.errors.get("photo", []))

    assert "image valide" in erreurs("photo.png", EXE)  # Pillow does not read it as an image
    assert "Ce type de fichier n’est pas accepté" in erreurs("photo.png", _gif())  # an image, not allowed
    assert "Ce fichier est trop lourd" in erreurs("photo.png", _png() + b"\x00" * (2 * MO))
    assert erreurs("photo.png", _png()) == ""


def _gif() -> bytes:
    tampon = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(tampon, format="GIF")
    return tampon.getvalue()


@pytest.mark.parametrize(
    "champ",
    ["partenaires.Partenaire.logo", "bienvenuedoc.ConfigurationSite.logo"],
)
def test_les_logos_suivent_la_regle_des_images(champ):
    """A logo is shown on public pages: an SVG (which can carry a script) or a program renamed .png is refused."""
    from django.apps import apps

    app, modele, nom = champ.split(".")
    field = apps.get_model(app, modele)._meta.get_field(nom)
    assert valider_image in field.validators
    svg = ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', name="logo.svg")
    with pytest.raises(ValidationError):
        field.run_validators(svg)
    with pytest.raises(ValidationError):
        field.run_validators(ContentFile(EXE, name="logo.png"))
    tampon = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(tampon, format="PNG")
    field.run_validators(ContentFile(tampon.getvalue(), name="logo.png"))
