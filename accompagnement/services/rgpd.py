"""Personal data: anonymisation (on request, or when the retention period is over) and export (right of access).

Anonymisation removes everything that identifies the requester — names, contact, RPPS, speciality, faculty,
free text, message bodies, internal notes, staff comments on the timeline, shared files, private links — in
the live tables *and* in the simple-history tables (which otherwise keep every past value). It keeps what
the activity statistics need: profile, project type, period, communes/EPCIs, needs with their types,
statuses, partners and dates. It is idempotent."""

import logging
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bienvenuedoc.models import configuration_courante

from ..enums import StatutDemande, TypeEvenement
from ..models import (
    Besoin,
    Demande,
    Document,
    Etape,
    Evenement,
    JetonAcces,
    Message,
    NoteInterne,
    Notification,
)

logger = logging.getLogger(__name__)

# Personal fields of a case and of its needs, and the value they get once anonymised.
CHAMPS_PERSONNELS_DEMANDE = {
    "prenom": "",
    "nom": "",
    "email": "",
    "telephone": "",
    "rpps": "",
    "specialite": "",
    "universite": "",
    "message": "",
}
CHAMPS_PERSONNELS_BESOIN = {"precision": "", "domaine_conjoint": "", "ages_enfants": ""}

MOTIF_CONSERVATION_ECHUE = "Durée de conservation échue"


@transaction.atomic
def demande_anonymiser(*, demande: Demande, auteur: AbstractBaseUser | None = None, motif: str) -> Demande:
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    if demande.anonymisee_le:
        return demande
    maintenant = timezone.now()

    # An open case can no longer be followed without contact details: it is closed « sans suite ».
    if demande.statut in StatutDemande.ouverts():
        Evenement.objects.create(
            demande=demande,
            type=TypeEvenement.STATUT_DEMANDE,
            de=demande.statut,
            vers=StatutDemande.SANS_SUITE,
            auteur=auteur,
            cree_le=maintenant,
        )
        demande.statut = StatutDemande.SANS_SUITE
        demande.cloturee_le = maintenant

    for champ, valeur in CHAMPS_PERSONNELS_DEMANDE.items():
        setattr(demande, champ, valeur)
    demande.anonymisee_le = maintenant
    demande.derniere_action_le = maintenant
    demande._change_reason = "Anonymisation"
    demande.save()

    Besoin.objects.filter(demande=demande).update(**CHAMPS_PERSONNELS_BESOIN)
    Message.objects.filter(demande=demande).update(corps="")
    NoteInterne.objects.filter(demande=demande).delete()
    JetonAcces.objects.filter(demande=demande).delete()
    Evenement.objects.filter(demande=demande).exclude(commentaire="").update(commentaire="")
    Notification.objects.filter(demande=demande).update(derniere_erreur="")
    Notification.objects.filter(demande=demande).a_envoyer().update(abandonnee=True)

    fichiers = [(d.fichier.storage, d.fichier.name) for d in Document.objects.filter(demande=demande) if d.fichier]
    Document.objects.filter(demande=demande).delete()
    transaction.on_commit(lambda: _supprimer_fichiers(fichiers))

    # simple-history keeps every past value: clear them there too.
    Demande.history.filter(id=demande.pk).update(**CHAMPS_PERSONNELS_DEMANDE)
    Besoin.history.filter(demande_id=demande.pk).update(**CHAMPS_PERSONNELS_BESOIN)
    Etape.history.filter(demande_id=demande.pk).update(description="")

    Evenement.objects.create(
        demande=demande, type=TypeEvenement.ANONYMISATION, auteur=auteur, commentaire=motif, cree_le=maintenant
    )
    # the reason stays in the timeline, never in the logs (staff may have typed a name in it)
    logger.info("Demande %s anonymisée", demande.pk)
    return demande


def _supprimer_fichiers(fichiers) -> None:
    for storage, nom in fichiers:
        try:
            storage.delete(nom)
        except OSError:
            # the file's name may hold a name: only the case's folder (a UUID) is logged
            dossier = "/".join(nom.split("/")[:2])
            logger.warning("Fichier d'une demande anonymisée impossible à supprimer (dossier %s)", dossier)


def demandes_expirees():
    """Cases whose retention period is over (closed: measured from the closing date; open: no activity for
    `duree_inactivite_jours`); the periods are the site configuration's (bienvenuedoc.ConfigurationSite)."""
    parametres = configuration_courante()
    maintenant = timezone.now()
    conditions = Q()
    for statut, jours in (
        (StatutDemande.TERMINEE, parametres.duree_conservation_terminee_jours),
        (StatutDemande.SANS_SUITE, parametres.duree_conservation_sans_suite_jours),
        (StatutDemande.RETIREE, parametres.duree_conservation_retiree_jours),
    ):
        seuil = maintenant - timedelta(days=jours)
        conditions |= Q(statut=statut) & (
            Q(cloturee_le__lt=seuil) | Q(cloturee_le__isnull=True, derniere_action_le__lt=seuil)
        )
    seuil_inactivite = maintenant - timedelta(days=parametres.duree_inactivite_jours)
    conditions |= Q(statut__in=StatutDemande.ouverts(), derniere_action_le__lt=seuil_inactivite)
    return Demande.objects.non_anonymisees().filter(conditions)


def demandes_anonymiser_expirees() -> int:
    """Anonymises every case past its retention period, one transaction each. Returns how many."""
    nombre = 0
    for pk in demandes_expirees().values_list("pk", flat=True).iterator():
        demande_anonymiser(demande=Demande(pk=pk), motif=MOTIF_CONSERVATION_ECHUE)
        nombre += 1
    return nombre


# --- right of access --------------------------------------------------------------------------------------
def _date(valeur):
    return valeur.isoformat() if valeur else None


def _personne(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@transaction.atomic
def demande_exporter_donnees(*, demande: Demande, auteur: AbstractBaseUser) -> dict:
    """Everything the service holds about the requester of a case, as a JSON-serialisable dict (right of
    access, art. 15 GDPR). Records the export on the timeline."""
    demande = Demande.objects.select_related("referent").prefetch_related("communes", "epcis").get(pk=demande.pk)
    besoins = Besoin.objects.filter(demande=demande).select_related("partenaire", "offre", "agent")
    donnees = {
        "demande": {
            "reference": demande.reference,
            "prenom": demande.prenom,
            "nom": demande.nom,
            "adresse_electronique": demande.email,
            "telephone": demande.telephone,
            "numero_rpps": demande.rpps,
            "specialite": demande.specialite,
            "faculte_ou_universite": demande.universite,
            "profil": demande.get_profil_display(),
            "type_de_projet": demande.get_type_projet_display(),
            "debut_periode": _date(demande.periode_debut),
            "fin_periode": _date(demande.periode_fin),
            "communes_souhaitees": [c.nom for c in demande.communes.all()],
            "intercommunalites_souhaitees": [e.nom for e in demande.epcis.all()],
            "mode_exercice": demande.get_mode_exercice_display(),
            "structures": list(demande.structures or []),
            "presentation_du_projet": demande.message,
            "consentement_le": _date(demande.consentement_le),
            "statut": demande.get_statut_display(),
            "referent": _personne(demande.referent),
            "recue_le": _date(demande.recue_le),
            "premiere_reponse_le": _date(demande.premiere_reponse_le),
            "cloturee_le": _date(demande.cloturee_le),
            "suppression_demandee_le": _date(demande.suppression_demandee_le),
            "anonymisee_le": _date(demande.anonymisee_le),
        },
        "besoins": [
            {
                "type": b.get_type_display(),
                "precisions": b.precision,
                "domaine_professionnel_du_conjoint": b.domaine_conjoint,
                "age_des_enfants": b.ages_enfants,
                "statut": b.get_statut_display(),
                "charge": _personne(b.agent),
                "echeance": _date(b.echeance),
                "oriente_vers": (
                    b.partenaire.nom if b.partenaire_id else f"Offre « {b.offre.titre} »" if b.offre_id else ""
                ),
                "oriente_le": _date(b.oriente_le),
                "resolu_le": _date(b.resolu_le),
            }
            for b in besoins
        ],
        "messages": [
            {
                "de": "vous" if m.de_demandeur else _personne(m.auteur) or "la hotline",
                "envoye_le": _date(m.cree_le),
                "message": m.corps,
            }
            for m in Message.objects.filter(demande=demande).select_related("auteur")
        ],
        "notes_internes": [
            {"auteur": _personne(n.auteur), "ecrite_le": _date(n.cree_le), "note": n.corps}
            for n in NoteInterne.objects.filter(demande=demande).select_related("auteur")
        ],
        "etapes": [
            {
                "etape": e.titre,
                "organisme": e.organisme,
                "statut": e.get_statut_display(),
                "echeance": _date(e.echeance),
                "faite_le": _date(e.faite_le),
            }
            for e in Etape.objects.filter(demande=demande)
        ],
        "documents_partages": [
            {"titre": d.titre, "partage_le": _date(d.cree_le)} for d in Document.objects.filter(demande=demande)
        ],
        "historique": [
            {
                "date": _date(e.cree_le),
                "evenement": e.get_type_display(),
                "avant": e.de_libelle,
                "apres": e.vers_libelle,
                "par": "vous" if e.par_demandeur else _personne(e.auteur),
                "commentaire": e.commentaire,
            }
            for e in Evenement.objects.filter(demande=demande).select_related("auteur")
        ],
    }
    Evenement.objects.create(demande=demande, type=TypeEvenement.EXPORT, auteur=auteur)
    Demande.objects.filter(pk=demande.pk).update(derniere_action_le=timezone.now())
    return donnees
