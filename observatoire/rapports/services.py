"""Requesting, queueing and rendering the observatory's PDF reports.

- `rapport_demander`: saves the request (or gives back the identical one already ready or on its way) and
  queues its rendering once the transaction commits; a broker that cannot be reached leaves the row
  « en attente », and the periodic `rapports_relancer` queues it later (as the case e-mails' outbox does).
- `rapport_generer` (called by the Celery task): the figures come from `tableau_de_bord`, the very selector of
  the public pages, so a report never says something else than the site; the map and charts are SVG drawn
  here (svg.py); WeasyPrint makes the PDF. Each step leaves a sign of life (`maj_le`): a report « en cours »
  without one for settings.RAPPORT_DELAI_BLOQUE_MINUTES (its worker was killed) is marked failed by
  `rapports_marquer_bloques` — at read time and by the periodic task — and rendered again when its message is
  delivered again (late acknowledgement)."""

import inspect
import logging
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from bienvenuedoc.pages_en_cache import invalider_pages_publiques
from observatoire import indicateurs
from observatoire.enums import JeuDonnees, TypeStructure
from observatoire.models import EPCI, Commune, Departement, ImportDonnees, StructuresDepartement

from . import svg
from .models import Edition, Perimetre, Rapport, StatutRapport

logger = logging.getLogger(__name__)
# WeasyPrint's page-by-page progress and fontTools' subsetting log at INFO: not the site's business
for _bavard in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_bavard).setLevel(logging.WARNING)

DELAI_REMISE_EN_FILE_MINUTES = 30  # a message queued this long ago and still not started was lost
RAISON_BLOQUE = (
    "Rendu interrompu : aucun signe de vie depuis {minutes} minutes (le worker a sans doute été arrêté). "
    "Il sera refait si la tâche est redistribuée ; sinon, demandez-le à nouveau."
)
JEUX_REELS = {
    JeuDonnees.APL,
    JeuDonnees.MEDECINS_COMMUNE,
    JeuDonnees.MEDECINS_DEPARTEMENT,
    JeuDonnees.STRUCTURES,
    JeuDonnees.FRR,
    JeuDonnees.QPV,
    JeuDonnees.RPPS,
    JeuDonnees.FINESS,
}


class RapportInvalide(ValueError):
    """A request the form should have refused (an EPCI outside the département, dates in the wrong order)."""


# --- request and queue ----------------------------------------------------------------------------------------
def _derniere_donnee():
    return ImportDonnees.objects.aggregate(d=Max("importe_le"))["d"]


def rapport_identique(
    *, departement_code: str, perimetre: str, epci: EPCI | None, date: date, date_comparaison, edition: str
) -> Rapport | None:
    """A report of the same request that is ready and not older than the data, or on its way."""
    derniere = _derniere_donnee()
    pret = Q(statut=StatutRapport.PRET)
    if derniere is not None:
        pret &= Q(termine_le__gte=derniere)
    return (
        Rapport.objects.filter(
            departement_code=departement_code,
            perimetre=perimetre,
            epci=epci if perimetre == Perimetre.EPCI else None,
            date=date,
            date_comparaison=date_comparaison,
            edition=edition,
        )
        .filter(pret | Q(statut__in=[StatutRapport.EN_ATTENTE, StatutRapport.EN_COURS]))
        .order_by("-demande_le")
        .first()
    )


def intitule(departement_code: str, perimetre: str, epci: EPCI | None) -> str:
    if perimetre == Perimetre.EPCI:
        return epci.nom
    nom = Departement.objects.filter(code=departement_code).values_list("nom", flat=True).first()
    territoire = f"{nom} ({departement_code})" if nom else f"Département {departement_code}"
    if perimetre == Perimetre.TOUS_EPCI:
        return f"Les intercommunalités — {territoire}"
    return territoire


def rapport_demander(
    *,
    departement_code: str,
    perimetre: str,
    date: date,
    epci: EPCI | None = None,
    date_comparaison: date | None = None,
    edition: str = Edition.PUBLIQUE,
    par=None,
    standard: bool = False,
) -> tuple[Rapport, bool]:
    """(the report, True if a new one was created). The same request already ready (with the current data)
    or on its way is given back instead of rendering it twice."""
    if perimetre == Perimetre.EPCI:
        if epci is None or not Commune.objects.filter(epci=epci, departement__code=departement_code).exists():
            raise RapportInvalide("L’intercommunalité doit avoir des communes dans le département.")
    else:
        epci = None
    if date_comparaison is not None and date_comparaison >= date:
        raise RapportInvalide("La date de comparaison doit précéder la date du rapport.")
    with transaction.atomic():
        existant = rapport_identique(
            departement_code=departement_code,
            perimetre=perimetre,
            epci=epci,
            date=date,
            date_comparaison=date_comparaison,
            edition=edition,
        )
        if existant is not None:
            return existant, False
        rapport = Rapport.objects.create(
            departement_code=departement_code,
            perimetre=perimetre,
            epci=epci,
            intitule=intitule(departement_code, perimetre, epci),
            date=date,
            date_comparaison=date_comparaison,
            edition=edition,
            demande_par=par if par is not None and par.is_authenticated else None,
            standard=standard,
        )
        transaction.on_commit(partial(mettre_en_file, rapport.pk))
        _liste_publique_modifiee()
    return rapport, True


def mettre_en_file(rapport_pk: int) -> bool:
    """Queues the rendering; False (the row stays « en attente ») when the broker cannot be reached."""
    from .tasks import generer_rapport_task

    try:
        resultat = generer_rapport_task.delay(rapport_pk)
    except Exception:  # broker down or unreachable: nothing is lost, the periodic task queues it later
        logger.warning("Rapport %s gardé en attente : file de tâches injoignable", rapport_pk)
        return False
    Rapport.objects.filter(pk=rapport_pk, statut=StatutRapport.EN_ATTENTE).update(
        mis_en_file_le=timezone.now(), tache_id=resultat.id or ""
    )
    return True


def rapports_marquer_bloques(*, maintenant=None) -> int:
    """Reports « en cours » without a sign of life for DELAI_BLOQUE_MINUTES are marked failed (with why)."""
    maintenant = maintenant or timezone.now()
    minutes = settings.RAPPORT_DELAI_BLOQUE_MINUTES
    limite = maintenant - timedelta(minutes=minutes)
    nombre = Rapport.objects.filter(statut=StatutRapport.EN_COURS, maj_le__lt=limite).update(
        statut=StatutRapport.ECHOUE,
        raison_echec=RAISON_BLOQUE.format(minutes=minutes),
        termine_le=maintenant,
        etape="",
    )
    if nombre:
        _liste_publique_modifiee()
    return nombre


def rapport_verifier(rapport: Rapport, *, maintenant=None) -> Rapport:
    """At read time: a report stuck « en cours » is shown as failed at once, not after the next beat."""
    maintenant = maintenant or timezone.now()
    if (
        rapport.statut == StatutRapport.EN_COURS
        and rapport.maj_le
        and rapport.maj_le < maintenant - timedelta(minutes=settings.RAPPORT_DELAI_BLOQUE_MINUTES)
        and rapports_marquer_bloques(maintenant=maintenant)
    ):
        rapport.refresh_from_db()
    return rapport


def rapports_relancer(*, maintenant=None) -> int:
    """Periodic (beat): stuck reports are marked failed; waiting ones never queued (broker down at request
    time) or queued too long ago (message lost) are queued again. Returns how many were queued."""
    maintenant = maintenant or timezone.now()
    rapports_marquer_bloques(maintenant=maintenant)
    limite = maintenant - timedelta(minutes=DELAI_REMISE_EN_FILE_MINUTES)
    en_attente = Rapport.objects.filter(statut=StatutRapport.EN_ATTENTE).filter(
        Q(mis_en_file_le__isnull=True) | Q(mis_en_file_le__lt=limite)
    )
    return sum(mettre_en_file(pk) for pk in en_attente.values_list("pk", flat=True))


def rapports_standard_regenerer(*, aujourd_hui: date | None = None) -> list[Rapport]:
    """Monthly (beat): the standard public edition of the département and of every EPCI, at today's date."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    rapports = []
    for perimetre in (Perimetre.DEPARTEMENT, Perimetre.TOUS_EPCI):
        rapport, _ = rapport_demander(
            departement_code=settings.DEPARTEMENT,
            perimetre=perimetre,
            date=aujourd_hui,
            edition=Edition.PUBLIQUE,
            standard=True,
        )
        rapports.append(rapport)
    return rapports


def _liste_publique_modifiee() -> None:
    """A report appeared, changed state or went: the cached public list of reports is stale once this commits
    (its progress within a rendering is not followed there: the report's own page shows it live)."""
    transaction.on_commit(invalider_pages_publiques)


# --- rendering ------------------------------------------------------------------------------------------------
def _progresser(rapport_pk: int, progression: int, etape: str) -> None:
    Rapport.objects.filter(pk=rapport_pk).update(progression=progression, etape=etape, maj_le=timezone.now())


def rapport_commencer(rapport_pk: int) -> Rapport | None:
    """Marks the report « en cours » (a new attempt); None if it is already ready (a message delivered twice)."""
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().filter(pk=rapport_pk).first()
        if rapport is None or rapport.statut == StatutRapport.PRET:
            return None
        maintenant = timezone.now()
        rapport.statut = StatutRapport.EN_COURS
        rapport.progression, rapport.etape, rapport.raison_echec = 0, "Démarrage", ""
        rapport.commence_le = rapport.maj_le = maintenant
        rapport.tentatives += 1
        rapport.save(
            update_fields=["statut", "progression", "etape", "raison_echec", "commence_le", "maj_le", "tentatives"]
        )
        _liste_publique_modifiee()
    return rapport


def rapport_nouvel_essai(rapport_pk: int, raison: str) -> None:
    """A failed attempt that will be retried: back to « en attente », the reason kept for staff."""
    Rapport.objects.filter(pk=rapport_pk).exclude(statut=StatutRapport.PRET).update(
        statut=StatutRapport.EN_ATTENTE, etape="Nouvel essai prévu", raison_echec=raison, maj_le=timezone.now()
    )
    _liste_publique_modifiee()


def rapport_marquer_echoue(rapport_pk: int, raison: str) -> None:
    Rapport.objects.filter(pk=rapport_pk).exclude(statut=StatutRapport.PRET).update(
        statut=StatutRapport.ECHOUE, raison_echec=raison[:2000], etape="", termine_le=timezone.now()
    )
    _liste_publique_modifiee()


def raison_de(exc: BaseException) -> str:
    return f"{type(exc).__name__} : {exc}"[:2000]


def rapport_generer(rapport_pk: int) -> bool:
    """Renders the report and stores its PDF; True when done now. Exceptions go up to the task (retries)."""
    rapport = rapport_commencer(rapport_pk)
    if rapport is None:
        return False
    debut = time.perf_counter()
    pdf, pages = rendre_pdf(rapport, progresser=partial(_progresser, rapport.pk))
    _progresser(rapport.pk, 95, "Enregistrement du fichier")
    ancien = rapport.fichier.name if rapport.fichier else ""
    rapport.fichier.save(f"{rapport.uuid}.pdf", ContentFile(pdf), save=False)
    if ancien and ancien != rapport.fichier.name:
        rapport.fichier.storage.delete(ancien)
    maintenant = timezone.now()
    Rapport.objects.filter(pk=rapport.pk).update(
        fichier=rapport.fichier.name,
        taille=len(pdf),
        pages=pages,
        statut=StatutRapport.PRET,
        progression=100,
        etape="",
        raison_echec="",
        termine_le=maintenant,
        maj_le=maintenant,
        duree_rendu=round(time.perf_counter() - debut, 2),
    )
    _liste_publique_modifiee()  # ready: the public list gives its link
    return True


# --- the report's content -------------------------------------------------------------------------------------
@dataclass
class Chapitre:
    """One territory of the report: its figures, map and the table of its parts (EPCIs or communes)."""

    ancre: str
    titre: str
    indicateurs: indicateurs.Indicateurs
    avant: indicateurs.Indicateurs | None
    carte: str
    classes: list
    titre_carte: str
    communes: list
    epcis: list = field(default_factory=list)
    carte_epci: str = ""
    classes_epci: list = field(default_factory=list)
    graphique_apl: str = ""
    evolution: list = field(default_factory=list)
    graphique_praticiens: str = ""


def _tableau(code: str, *, public: bool, date=None, debut=None, fin=None) -> indicateurs.TableauDeBord:
    """tableau_de_bord at a date when the selector takes one (the practitioners' figures are dated; the open
    data sets have their own vintages, named in the report)."""
    parametres = inspect.signature(indicateurs.tableau_de_bord).parameters
    options = {k: v for k, v in {"date": date, "debut": debut, "fin": fin}.items() if k in parametres and v}
    return indicateurs.tableau_de_bord(code, public=public, **options)


def _zones(code: str, niveau: str) -> list[svg.Zone]:
    """The simplified outlines: observatoire.carte.geometries when present, else the stored contours."""
    try:
        from observatoire.carte import geometries

        collection = geometries(code, niveau)
        zones = []
        for f in collection.get("features", []):
            p = f.get("properties") or {}
            zone_code = str(p.get("code") or p.get("code_insee") or p.get("siren") or "")
            zones.append(svg.Zone(zone_code, p.get("nom", zone_code), f.get("geometry") or {}))
        if zones:
            return zones
    except Exception:
        logger.debug("observatoire.carte.geometries indisponible, contours enregistrés utilisés")
    if niveau == "epci":
        lignes = EPCI.objects.filter(communes__departement__code=code).distinct().values_list("siren", "nom", "contour")
    else:
        lignes = Commune.objects.filter(departement__code=code).values_list("code_insee", "nom", "contour")
    return [svg.Zone(c, n, g or {}) for c, n, g in lignes]


def _sources(tableau) -> list[dict]:
    sources = []
    for jeu, instantane in sorted(tableau.sources.items(), key=lambda e: e[0]):
        sources.append(
            {
                "libelle": JeuDonnees(jeu).label if jeu in JeuDonnees.values else jeu,
                "instantane": instantane,
                "reel": jeu in JEUX_REELS,
            }
        )
    return sources


def _structures(code: str, jusqu_au: date) -> str:
    points: dict[str, dict] = {}
    for type_, quand, nombre in (
        StructuresDepartement.objects.filter(zone=code, nombre__isnull=False, date__lte=jusqu_au)
        .order_by("date")
        .values_list("type", "date", "nombre")
    ):
        points.setdefault(type_, {})[quand.strftime("%m/%Y")] = nombre
    if not points:
        return ""
    dates = sorted({d for p in points.values() for d in p}, key=lambda d: (d[3:], d[:2]))
    series = [
        ("MSP ouvertes" if t == TypeStructure.MSP else "Centres de santé", [(d, points[t].get(d)) for d in dates])
        for t in (TypeStructure.MSP, TypeStructure.CENTRE_SANTE)
        if t in points
    ]
    return svg.courbes(series, titre="Maisons et centres de santé ouverts dans le département (DITP)")


def _evolution(chapitre: Chapitre, code: str, *, epci: str | None, public: bool, jusqu_au: date) -> None:
    """The GPs counted in the practitioners' snapshots, per year (RPPS or demo: labelled by the template)."""
    try:
        from observatoire.indicateurs_praticiens import evolution_praticiens
    except ImportError:
        return
    points = [p for p in evolution_praticiens(code, epci=epci, public=public) if p.annee <= jusqu_au.year]
    chapitre.evolution = points
    if len(points) >= 2:
        chapitre.graphique_praticiens = svg.courbes(
            [("Médecins généralistes en exercice", [(str(p.annee), p.effectif) for p in points])],
            titre=f"Médecins généralistes en exercice par année — {chapitre.titre}",
        )


def contexte_rapport(rapport: Rapport, progresser=lambda *a: None) -> dict:
    public = rapport.est_public
    code = rapport.departement_code
    progresser(10, "Calcul des indicateurs")
    tableau = _tableau(code, public=public, date=rapport.date, debut=rapport.date_comparaison, fin=rapport.date)
    avant = _tableau(code, public=public, date=rapport.date_comparaison) if rapport.date_comparaison else None
    membres: dict[str, str | None] = dict(
        Commune.objects.filter(departement__code=code).values_list("code_insee", "epci__siren")
    )
    progresser(30, "Dessin des cartes")
    zones_communes = _zones(code, "communes")
    apl = {c.code: c.apl for c in tableau.communes}
    avant_epcis = {e.code: e for e in avant.epcis} if avant else {}

    def chapitre_epci(epci, ancre):
        codes = {c for c, s in membres.items() if s == epci.code}
        zones = [z for z in zones_communes if z.code in codes]
        carte, classes = svg.carte_choroplethe(
            zones,
            {c: apl.get(c) for c in codes},
            titre=f"APL 2023 par commune — {epci.nom}",
            decimales=2,
            ident=f"carte-{ancre}",
        )
        return Chapitre(
            ancre=ancre,
            titre=epci.nom,
            indicateurs=epci,
            avant=avant_epcis.get(epci.code),
            carte=carte,
            classes=classes,
            titre_carte=f"APL 2023 des communes de {epci.nom}",
            communes=[c for c in tableau.communes if c.code in codes],
        )

    chapitres = []
    if rapport.perimetre == Perimetre.DEPARTEMENT:
        carte, classes = svg.carte_choroplethe(
            zones_communes, apl, titre="APL 2023 par commune du département", decimales=2, ident="carte-communes"
        )
        carte_epci, classes_epci = svg.carte_choroplethe(
            _zones(code, "epci"),
            {e.code: e.densite for e in tableau.epcis},
            titre="Médecins généralistes libéraux pour 10 000 habitants par intercommunalité (BPE 2020)",
            ident="carte-epci",
        )
        chapitres.append(
            Chapitre(
                ancre="territoire",
                titre=tableau.departement.nom,
                indicateurs=tableau.departement,
                avant=avant.departement if avant else None,
                carte=carte,
                classes=classes,
                titre_carte="APL 2023 par commune",
                communes=tableau.communes,
                epcis=tableau.epcis,
                carte_epci=carte_epci,
                classes_epci=classes_epci,
                graphique_apl=svg.barres(
                    [(e.nom, [e.apl_avant, e.apl]) for e in tableau.epcis],
                    series=["APL 2022", "APL 2023"],
                    titre="APL 2022 et 2023 par intercommunalité",
                ),
            )
        )
    else:
        choisis = [e for e in tableau.epcis if rapport.perimetre == Perimetre.TOUS_EPCI or e.code == rapport.epci.siren]
        for n, epci in enumerate(choisis, start=1):
            progresser(30 + 40 * n // max(len(choisis), 1), f"Intercommunalité {n} sur {len(choisis)}")
            chapitre = chapitre_epci(epci, f"epci-{epci.code}")
            chapitre.graphique_apl = svg.barres(
                [
                    (epci.nom, [epci.apl_avant, epci.apl]),
                    (tableau.departement.nom, [tableau.departement.apl_avant, tableau.departement.apl]),
                ],
                series=["APL 2022", "APL 2023"],
                titre=f"APL 2022 et 2023 — {epci.nom} et le département",
            )
            _evolution(chapitre, code, epci=epci.code, public=public, jusqu_au=rapport.date)
            chapitres.append(chapitre)
    if rapport.perimetre == Perimetre.DEPARTEMENT:
        _evolution(chapitres[0], code, epci=None, public=public, jusqu_au=rapport.date)
    progresser(75, "Graphiques d’évolution")
    return {
        "rapport": rapport,
        "tableau": tableau,
        "avant": avant,
        "chapitres": chapitres,
        "graphique_structures": _structures(code, rapport.date),
        "sources": _sources(tableau),
        "genere_le": timezone.localtime(),
        "seuil_secret": indicateurs.SEUIL_SECRET,
        "seuil_sous_dense": indicateurs.SEUIL_SOUS_DENSE,
        "praticiens": any(getattr(c.indicateurs, "praticiens", None) is not None for c in chapitres),
    }


def rendre_html(rapport: Rapport, progresser=lambda *a: None) -> str:
    return render_to_string("observatoire/rapports/pdf.html", contexte_rapport(rapport, progresser))


def rendre_pdf(rapport: Rapport, progresser=lambda *a: None) -> tuple[bytes, int]:
    from weasyprint import HTML

    html = rendre_html(rapport, progresser)
    progresser(80, "Mise en page du PDF")
    # a tagged PDF (structure, headings, tables, language) for screen readers: about a quarter more time
    balise = getattr(settings, "RAPPORT_PDF_BALISE", True)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_tags=balise)
    return document.write_pdf(pdf_tags=balise), len(document.pages)


def rapport_relancer(rapport: Rapport) -> bool:
    """Staff's « Relancer »: a failed or waiting report is queued again (after commit); False otherwise."""
    if rapport.statut not in (StatutRapport.ECHOUE, StatutRapport.EN_ATTENTE):
        return False
    Rapport.objects.filter(pk=rapport.pk).update(statut=StatutRapport.EN_ATTENTE, progression=0, etape="")
    transaction.on_commit(partial(mettre_en_file, rapport.pk))
    _liste_publique_modifiee()
    return True


def rapports_supprimer(queryset) -> int:
    """Deletes the reports and their PDF files."""
    nombre = 0
    for rapport in queryset:
        if rapport.fichier:
            rapport.fichier.storage.delete(rapport.fichier.name)
        rapport.delete()
        nombre += 1
    if nombre:
        _liste_publique_modifiee()
    return nombre
