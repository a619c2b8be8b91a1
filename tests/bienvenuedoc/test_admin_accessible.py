"""Issue 15: every field of an inline row and of an editable list has a name saying which row it belongs to
(bienvenuedoc/admin_accessible.py), checked on the whole admin registry; the accessibility statement covers the
back office."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from bienvenuedoc.admin_accessible import LignesNommeesMixin, ListeEditableNommeeMixin
from tests.accompagnement.factories import BesoinFactory, DemandeFactory
from tests.accompagnement.factories_backoffice import RESPONSABLE, membre

PROJET = ("bienvenuedoc", "observatoire", "partenaires", "remplacements", "accompagnement")


def test_chaque_inline_et_chaque_liste_modifiable_nomme_ses_lignes():
    """The project's admins (a library's admin, as django-otp's, is checked by the axe-core crawl only)."""
    oublis = []
    for modele, model_admin in admin.site._registry.items():
        if type(model_admin).__module__.split(".")[0] not in PROJET:
            continue
        for inline in model_admin.inlines:
            if not issubclass(inline, LignesNommeesMixin):
                oublis.append(f"{inline.__name__} (inline de {modele._meta.label})")
        if model_admin.list_editable and not isinstance(model_admin, ListeEditableNommeeMixin):
            oublis.append(f"{type(model_admin).__name__} (list_editable)")
    assert not oublis, f"sans LignesNommeesMixin / ListeEditableNommeeMixin : {oublis}"


@pytest.mark.django_db
def test_le_champ_d_une_ligne_porte_le_nom_de_sa_ligne():
    from accompagnement.models import Demande

    demande = DemandeFactory()
    BesoinFactory(demande=demande, logement=True)
    requete = RequestFactory().get("/")
    requete.user = membre(RESPONSABLE)
    model_admin = admin.site._registry[Demande]
    inline = next(i for i in model_admin.get_inline_instances(requete, demande) if i.model.__name__ == "Besoin")
    formset = inline.get_formset(requete, demande)(instance=demande, queryset=inline.get_queryset(requete))
    html = str(formset.forms[0]["echeance"])
    assert 'aria-label="Échéance du besoin « Logement »"' in html
    assert "du besoin « Logement »" in str(formset.forms[0]["agent"])  # the select inside the admin's wrapper


@pytest.mark.django_db
def test_la_declaration_d_accessibilite_couvre_l_espace_de_gestion(client):
    texte = client.get("/accessibilite/").content.decode()
    assert "espace de gestion" in texte and "/gestion/" in texte
