"""Editable pages: public URL, menu of the audience, unpublished or future pages hidden, the illustration's
alternative text required (form and database), the admin's preview of the sanitised HTML, the beat tasks."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from bienvenuedoc.contenus.enums import Public
from bienvenuedoc.contenus.models import Page
from tests.accompagnement.factories_backoffice import client_de

from .factories import ActualiteFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_une_page_publiee_et_le_menu_de_son_public(client):
    page = PageFactory(titre="Les études de médecine", slug="etudes", public=Public.LYCEENS)
    PageFactory(titre="La FAQ des lycéens", public=Public.LYCEENS)
    PageFactory(titre="Pour les médecins", public=Public.MEDECINS)
    PageFactory(titre="Brouillon", public=Public.LYCEENS, publie=False)
    PageFactory(titre="Programmée", public=Public.LYCEENS, date_publication=timezone.localdate() + timedelta(days=3))
    contenu = client.get(page.get_absolute_url()).content.decode()
    assert page.get_absolute_url() == "/pages/etudes/"
    assert "<h1>Les études de médecine</h1>" in contenu and "La FAQ des lycéens" in contenu
    assert "Pour les médecins" not in contenu and "Brouillon" not in contenu and "Programmée" not in contenu
    assert 'href="/lyceens/"' in contenu  # breadcrumb back to the audience's page


def test_une_page_non_publiee_repond_404(client):
    PageFactory(slug="cachee", publie=False)
    assert client.get("/pages/cachee/").status_code == 404


def test_illustration_sans_texte_alternatif_refusee():
    page = PageFactory.build(illustration="contenus/photo.png", illustration_alt="  ")
    with pytest.raises(ValidationError) as erreur:
        page.clean()
    assert "texte alternatif est obligatoire" in str(erreur.value)
    with pytest.raises(IntegrityError):
        Page.objects.filter(pk=PageFactory().pk).update(illustration="contenus/photo.png", illustration_alt="")


def test_l_administration_montre_un_apercu_nettoye(client, admin_user):
    page = PageFactory(corps="**Gras** <script>alert(1)</script> [x](javascript:alert(1))")
    client_de(client, admin_user)
    contenu = client.get(reverse("admin:contenus_page_change", args=[page.pk])).content.decode()
    apercu = contenu.split('<div class="apercu-contenu">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Gras</strong>" in apercu
    assert "<script>" not in apercu and 'href="javascript' not in apercu


def test_les_actualites(client):
    ActualiteFactory(titre="Nouvelle ancienne", date_publication=timezone.localdate() - timedelta(days=5))
    recente = ActualiteFactory(titre="Nouvelle récente", corps="Le **détail**.")
    ActualiteFactory(titre="Pas encore", publie=False)
    contenu = client.get(reverse("contenus:actualites")).content.decode()
    assert contenu.index("Nouvelle récente") < contenu.index("Nouvelle ancienne") and "Pas encore" not in contenu
    assert "<strong>détail</strong>" in client.get(recente.get_absolute_url()).content.decode()


def test_les_taches_periodiques_existent():
    from bienvenuedoc.celery import app

    app.loader.import_default_modules()
    for nom in ("rappels-evenements", "purger-inscriptions-evenements"):
        assert settings.CELERY_BEAT_SCHEDULE[nom]["task"] in app.tasks


def test_les_groupes_de_la_hotline_editent_les_contenus(client):
    from accompagnement.groupes import CHARGE, RESPONSABLE
    from tests.accompagnement.factories_backoffice import membre

    page = PageFactory()
    client_de(client, membre(CHARGE))
    assert client.get(reverse("admin:contenus_page_change", args=[page.pk])).status_code == 200
    assert client.get(reverse("admin:contenus_evenement_add")).status_code == 200
    assert client.get(reverse("admin:contenus_page_delete", args=[page.pk])).status_code == 403
    client_de(client, membre(RESPONSABLE))
    assert client.get(reverse("admin:contenus_page_delete", args=[page.pk])).status_code == 200


def _png(format="PNG") -> bytes:
    import io

    from PIL import Image

    tampon = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(tampon, format=format)
    return tampon.getvalue()


def test_l_illustration_televersee_est_verifiee_et_exige_son_texte_alternatif(client, admin_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client_de(client, admin_user)
    donnees = {
        "titre": "Une page illustrée",
        "slug": "illustree",
        "public": Public.TOUS,
        "ordre": 1,
        "resume": "Résumé.",
        "corps": "Texte.",
        "date_publication": "01/01/2026",
        "publie": "on",
    }
    url = reverse("admin:contenus_page_add")
    reponse = client.post(url, {**donnees, "illustration": SimpleUploadedFile("photo.png", _png())})
    assert "le texte alternatif est obligatoire" in reponse.content.decode()
    reponse = client.post(
        url,
        {**donnees, "illustration_alt": "Un cabinet", "illustration": SimpleUploadedFile("photo.png", b"<html>")},
    )
    # Django's ImageField (Pillow) refuses it before valider_image, which checks the real type and the size
    assert "Téléversez une image valide" in reponse.content.decode()
    gif = _png(format="GIF")
    reponse = client.post(
        url, {**donnees, "illustration_alt": "Un cabinet", "illustration": SimpleUploadedFile("photo.gif", gif)}
    )
    assert "Ce type de fichier n’est pas accepté" in reponse.content.decode()
    assert not Page.objects.exists()
    reponse = client.post(
        url, {**donnees, "illustration_alt": "Un cabinet", "illustration": SimpleUploadedFile("photo.png", _png())}
    )
    assert reponse.status_code == 302
    page = Page.objects.get()
    assert 'alt="Un cabinet"' in client.get(page.get_absolute_url()).content.decode()
