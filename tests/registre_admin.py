"""The back office's URLs, generated from the admin registry (`admin.site._registry`), shared by the tests that
walk every admin: the permission matrix (tests/securite/test_matrice_permissions.py) and the accessibility
crawl (tests/browser/test_accessibilite_backoffice.py). A new admin, or a library that adds one, is walked by
both without writing a test.

- `objets_par_modele()` builds one object of each registered model (plus what makes a case page full: needs,
  checklist steps, notes, messages, timeline rows);
- `adresses(modele, model_admin, objet)` lists every URL of one admin for that object: the standard views
  (list, add, import, export, change, delete, history, a past version; GET and the POSTs that write) and the
  admin's own views of `get_urls` (`Adresse.propre`: the caller gives them their rule)."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.urls import URLPattern, reverse
from import_export.admin import ExportMixin, ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from bienvenuedoc.models import ConfigurationSite, DemoGeneree, configuration_courante
from tests.accompagnement.factories import AgentFactory, BesoinFactory, DemandeFactory, ModeleEtapeFactory
from tests.contenus.factories import (
    ActualiteFactory,
    EvenementFactory,
    InscriptionFactory,
    PageFactory,
    PresentationTerritoireFactory,
    SignalementAccessibiliteFactory,
)
from tests.observatoire.factories_praticiens import LieuExerciceFactory, PresencePraticienFactory, StructureFactory
from tests.partenaires.factories import AideFinanciereFactory, PartenaireFactory, ZonageCommuneFactory
from tests.remplacements.factories import OffreFactory

# names of the URLs every ModelAdmin (and the libraries' mixins) have: not the admins' own views
STANDARD = {"changelist", "add", "change", "delete", "history", "autocomplete", "simple_history"}
STANDARD |= {"import", "process_import", "export"}


@dataclass(frozen=True)
class Adresse:
    vue: str  # « liste », « modifier POST »…, or the suffix of an admin's own view (« charge »)
    methode: str
    url: str | None  # None: an admin's own view, whose arguments the caller knows (`motif`)
    motif: URLPattern | None = None

    @property
    def propre(self) -> bool:
        return self.motif is not None


def objets_par_modele(autre_agent, *, referent="autre") -> dict:
    """One object per registered model, by `app_label.model_name`. The case is assigned to `autre_agent`
    (outside a Chargé·e's scope) unless `referent` is given (None: an unassigned case, which a Chargé·e sees
    and may take)."""
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accompagnement.models import ProfilAgent
    from observatoire.models import TacheImport
    from observatoire.rapports.models import Rapport
    from remplacements.models import AlerteOffre

    demande = DemandeFactory(referent=autre_agent if referent == "autre" else referent)
    zonage = ZonageCommuneFactory()
    commune = zonage.commune
    aide_expiree = AideFinanciereFactory(expiree=True)
    modele = ModeleEtapeFactory()
    modele.titre = "Titre modifié"
    modele.save()  # two versions: one to go back to
    partenaire = PartenaireFactory()
    partenaire.save()
    config = configuration_courante()
    ConfigurationSite.objects.get(pk=config.pk).save()
    besoin = BesoinFactory(demande=demande)
    besoin.save()
    offre = OffreFactory(en_attente=True, commune=commune, latitude=commune.latitude, longitude=commune.longitude)
    presence = PresencePraticienFactory(commune=commune)
    LieuExerciceFactory(praticien=presence.praticien, commune=commune)
    structure = StructureFactory(commune=commune)
    evenement = EvenementFactory()
    InscriptionFactory(evenement=evenement)
    return {
        "contenus.page": PageFactory(),
        "contenus.actualite": ActualiteFactory(),
        "contenus.evenement": evenement,
        "contenus.presentationterritoire": PresentationTerritoireFactory(),
        "contenus.signalementaccessibilite": SignalementAccessibiliteFactory(),
        "auth.group": Group.objects.create(name="Groupe de la matrice"),
        "auth.user": AgentFactory(),
        "axes.accessattempt": AccessAttempt.objects.create(
            username="inconnu", ip_address="192.0.2.1", user_agent="test", failures_since_start=3
        ),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=autre_agent, name="téléphone", confirmed=True),
        "otp_static.staticdevice": StaticDevice.objects.create(user=autre_agent, name="secours", confirmed=True),
        "bienvenuedoc.configurationsite": config,
        "bienvenuedoc.demogeneree": DemoGeneree.objects.create(departement_code="99", graine=1),
        "observatoire.departement": commune.departement,
        "observatoire.epci": commune.epci,
        "observatoire.commune": commune,
        "observatoire.rapport": Rapport.objects.create(
            departement_code="47",
            perimetre="departement",
            intitule="Lot-et-Garonne (47)",
            date=datetime.date(2026, 1, 1),
            statut="echoue",
            raison_echec="Rendu refusé (matrice).",
        ),
        "observatoire.praticien": presence.praticien,
        "observatoire.structure": structure,
        "observatoire.presencepraticien": presence,
        "observatoire.tacheimport": TacheImport.objects.create(
            jeu="apl", nom_fichier="apl.csv", statut="echouee", erreur="Fichier refusé (matrice)."
        ),
        "partenaires.partenaire": partenaire,
        "partenaires.aidefinanciere": aide_expiree,
        "partenaires.aidearevoir": aide_expiree,
        "partenaires.zonagecommune": zonage,
        "accompagnement.demande": demande,
        "accompagnement.besoin": besoin,
        "accompagnement.modeleetape": modele,
        "remplacements.offre": offre,
        "remplacements.alerteoffre": AlerteOffre.objects.create(
            email="alerte@exemple.test", criteres={"type": "stage"}
        ),
        "accompagnement.profilagent": ProfilAgent.objects.create(user=autre_agent, fonction="Chargée"),
    }


def objet_de(modele, objets: dict):
    """The object built for `modele`, or whatever exists for a model without a builder here."""
    objet = objets.get(modele._meta.label_lower)
    return objet if objet is not None else modele._default_manager.first()


def adresses(modele, model_admin, objet) -> list[Adresse]:
    """Every URL of `model_admin` for `objet` (None: the object-less ones only)."""
    info = f"{modele._meta.app_label}_{modele._meta.model_name}"

    def url(nom, *args):
        return reverse(f"admin:{info}_{nom}", args=args)

    liste = [Adresse("liste", "GET", url("changelist")), Adresse("ajouter", "GET", url("add"))]
    if isinstance(model_admin, ImportMixin):
        liste += [Adresse("import", "GET", url("import")), Adresse("import POST", "POST", url("process_import"))]
    if isinstance(model_admin, ExportMixin):
        liste.append(Adresse("export", "GET", url("export")))
    if objet is not None:
        pk = objet.pk
        liste += [
            Adresse("modifier", "GET", url("change", pk)),
            Adresse("supprimer", "GET", url("delete", pk)),
            Adresse("historique", "GET", url("history", pk)),
            Adresse("modifier POST", "POST", url("change", pk)),
            Adresse("supprimer POST", "POST", url("delete", pk)),
        ]
        if isinstance(model_admin, SimpleHistoryAdmin):
            version = objet.history.earliest().history_id
            liste += [
                Adresse("version", "GET", url("simple_history", pk, version)),
                Adresse("version POST", "POST", url("simple_history", pk, version)),
            ]
    for motif in model_admin.get_urls():
        if not isinstance(motif, URLPattern) or not motif.name:
            continue
        suffixe = motif.name.removeprefix(f"{info}_")
        if suffixe not in STANDARD:
            liste.append(Adresse(suffixe, "", None, motif))
    return liste
