"""Reads of the territory reference and the observatory, each with a fixed number of queries."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Max, Q, Sum, Value, When

from .models import EPCI, Commune, Departement
from .texte import normaliser_nom, normaliser_nom_saisi


def synthese_territoire(code_departement: str) -> dict:
    """Key figures of a département and its EPCI table, in three queries whatever the number of rows.

    An EPCI can span two départements: its row gives the communes and the population *in this département*
    and, separately, its total number of communes."""
    departement = Departement.objects.sans_contour().filter(code=code_departement).first()
    communes = Commune.objects.filter(departement__code=code_departement)
    totaux = communes.aggregate(
        nombre_communes=Count("id"),
        population=Sum("population"),
        annee_population=Max("population_annee"),
        communes_sans_epci=Count("id", filter=Q(epci__isnull=True)),
    )
    dans_departement = Q(communes__departement__code=code_departement)
    epcis = list(
        EPCI.objects.sans_contour()
        .filter(pk__in=communes.filter(epci__isnull=False).values("epci"))
        .annotate(
            communes_dans_departement=Count("communes", filter=dans_departement),
            communes_total=Count("communes"),
            population_dans_departement=Sum("communes__population", filter=dans_departement),
        )
        .order_by(F("population_dans_departement").desc(nulls_last=True), "nom")
    )
    return {
        "departement": departement,
        "nombre_communes": totaux["nombre_communes"],
        "population": totaux["population"] or 0,
        "annee_population": totaux["annee_population"],
        "communes_sans_epci": totaux["communes_sans_epci"],
        "nombre_epci": len(epcis),
        "epcis": epcis,
    }


def departement_courant() -> Departement | None:
    """The Departement of this deployment (settings.DEPARTEMENT), without its contour; None before the import."""
    return Departement.objects.sans_contour().filter(code=settings.DEPARTEMENT).first()


def communes_du_departement(code: str):
    """The communes of a département, by name, without contours, with their EPCI (one query)."""
    return (
        Commune.objects.sans_contour()
        .filter(departement__code=code)
        .select_related("epci")
        .defer("epci__contour")
        .order_by("nom_normalise", "code_insee")
    )


def epcis_du_departement(code: str):
    """EPCI with at least one commune in the département (an EPCI may span two), by name, without contours."""
    return (
        EPCI.objects.sans_contour()
        .filter(pk__in=Commune.objects.filter(departement__code=code, epci__isnull=False).values("epci"))
        .order_by("nom")
    )


def commune_recherche(texte: str, departement: str | None = None, limite: int = 20):
    """Communes matching a name (case and accents ignored), an INSEE code or a postal code; exact matches
    and names starting with the text first. `departement`: a COG code to restrict to. One query."""
    texte = (texte or "").strip()
    communes = Commune.objects.sans_contour().select_related("departement").defer("departement__contour")
    if departement:
        communes = communes.filter(departement__code=departement)
    if not texte:
        return communes.none()
    nom = normaliser_nom(texte)
    if texte.isdigit() or (texte[:2].upper() in ("2A", "2B") and texte[2:].isdigit()):
        filtre = Q(code_insee__istartswith=texte) | Q(codes_postaux__contains=texte)
        rang = Case(
            When(code_insee__iexact=texte, then=Value(0)),
            When(codes_postaux__contains=texte, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    else:
        filtre = Q(nom_normalise__contains=nom)
        rang = Case(
            When(nom_normalise=nom, then=Value(0)),
            When(nom_normalise__startswith=nom, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    return (
        communes.filter(filtre)
        .annotate(rang=rang)
        .order_by("rang", F("population").desc(nulls_last=True), "nom")[:limite]
    )


# --- A commune typed by a person: the one resolver of the project ----------------------------------------
# Used by every field where a person types a commune (aid simulator, request form, offer search): see
# commune_resoudre() for the rules.
_CODE = r"(?:\d{5}|2[ab]\d{3})"  # INSEE code (2A004 in Corsica) or postal code
_NOM_PUIS_CODE_ENTRE_PARENTHESES = re.compile(rf"^(?P<nom>.*?)\s*\(\s*(?P<code>{_CODE})\s*\)$", re.IGNORECASE)
_CODE_PUIS_NOM = re.compile(rf"^(?P<code>{_CODE})(?:[\s,;]+(?P<nom>.*))?$", re.IGNORECASE)
_NOM_PUIS_CODE = re.compile(rf"^(?P<nom>.+?)[\s,;-]+(?P<code>{_CODE})$", re.IGNORECASE)


def commune_libelle(commune: Commune) -> str:
    """How a commune is written in a field and proposed in the suggestion lists: « Agen (47000) », its name
    and first postal code (its INSEE code when it has none). commune_resoudre() reads it back."""
    codes = commune.liste_codes_postaux
    return f"{commune.nom} ({codes[0] if codes else commune.code_insee})"


def communes_libelles(departement: str) -> list[str]:
    """The département's communes as commune_libelle(), by name, for a field's <datalist>. One query."""
    communes = Commune.objects.du_departement(departement).only("nom", "code_insee", "codes_postaux")
    return [commune_libelle(commune) for commune in communes.order_by("nom_normalise", "code_insee")]


@dataclass(frozen=True)
class CommuneResolue:
    """What commune_resoudre() understood: the commune, or why not (a French message for the field) with
    the candidates to choose from when several communes fit."""

    saisie: str
    commune: Commune | None = None
    candidates: tuple[Commune, ...] = ()
    message: str = ""

    @property
    def ambigue(self) -> bool:
        return self.commune is None and bool(self.candidates)


def _decouper_saisie(texte: str) -> tuple[str, str]:
    """(name, code) of « Nom (code) », « Nom 47300 », « 47300 Nom », « Nom » or « 47300 »."""
    for motif in (_NOM_PUIS_CODE_ENTRE_PARENTHESES, _CODE_PUIS_NOM, _NOM_PUIS_CODE):
        correspondance = motif.match(texte)
        if correspondance:
            return (correspondance["nom"] or "").strip(" ,;-"), correspondance["code"].upper()
    return texte, ""


def _a_le_code(commune: Commune, code: str) -> bool:
    return commune.code_insee == code or code in commune.liste_codes_postaux


def _noms(communes) -> str:
    return ", ".join(c.nom for c in communes)


def _libelles(communes) -> str:
    return ", ".join(commune_libelle(c) for c in communes)


def commune_resoudre(texte: str, *, departement: str | None = None) -> CommuneResolue:
    """The commune of the département (settings.DEPARTEMENT by default) that a person typed. One query.

    Accepted: « Nom (code postal) » (what the suggestion lists propose), « Nom (code INSEE) », the code
    before or after the name without brackets, the bare name (case, accents, hyphens, apostrophes, « St »,
    « Ste » and « s/ » tolerated), a bare INSEE code, a bare postal code. The rules:

    - a name, when there is one, decides; a code beside it only tells homonyms apart and may be the postal
      or the INSEE code. A name and a code that do not go together are never silently resolved by one of
      them: the person is asked (« Vouliez-vous dire… »);
    - a bare 5-digit code is read both as a postal code and as an INSEE code: when the two readings give
      one commune, it is that one; when they give several (a postal code shared by several communes, or
      the postal code of some and the INSEE code of another: in the 47, 20 postal codes are also the INSEE
      code of another commune), nothing is picked and the person is asked which one, the communes listed;
    - homonyms in the département are asked about the same way.
    """
    saisie = " ".join((texte or "").split())
    if not saisie:
        return CommuneResolue(saisie, message="Indiquez une commune.")
    nom_saisi, code = _decouper_saisie(saisie)
    nom = normaliser_nom_saisi(nom_saisi)
    if not nom and not code:  # punctuation only: no query that would match every commune
        return _resoudre_nom(saisie, saisie, "-", "", [])
    filtre = Q(nom_normalise=nom) if nom else Q()
    if code:
        filtre |= Q(code_insee=code) | Q(codes_postaux__contains=code)
    trouvees = list(
        Commune.objects.sans_contour()
        .filter(filtre, departement__code=(departement or settings.DEPARTEMENT).upper())
        .order_by(F("population").desc(nulls_last=True), "nom", "code_insee")
    )
    if nom:
        return _resoudre_nom(saisie, nom_saisi, nom, code, trouvees)
    return _resoudre_code(saisie, code, trouvees)


def _resoudre_nom(saisie: str, nom_saisi: str, nom: str, code: str, trouvees: list[Commune]) -> CommuneResolue:
    du_nom = [c for c in trouvees if c.nom_normalise == nom]
    candidates = [c for c in du_nom if _a_le_code(c, code)] if code else du_nom
    if len(candidates) == 1:
        return CommuneResolue(saisie, commune=candidates[0])
    if len(candidates) > 1:
        return CommuneResolue(
            saisie,
            candidates=tuple(candidates),
            message=(
                f"Plusieurs communes du département s’appellent « {candidates[0].nom} » : {_libelles(candidates)}. "
                f"Précisez laquelle en ajoutant son code postal, par exemple « {commune_libelle(candidates[0])} »."
            ),
        )
    if not code:
        return CommuneResolue(
            saisie,
            message=(
                f"Nous ne trouvons pas « {nom_saisi} » parmi les communes du département : vérifiez "
                "l’orthographe, choisissez la commune dans la liste proposée ou saisissez son code postal."
            ),
        )
    if du_nom:  # the name exists, with another code
        return CommuneResolue(
            saisie,
            candidates=tuple(du_nom),
            message=f"« {du_nom[0].nom} » n’a pas le code {code}. Vouliez-vous dire : {_libelles(du_nom)} ?",
        )
    du_code = [c for c in trouvees if _a_le_code(c, code)]
    if du_code:  # the code exists, with other names (a misspelt name?)
        return CommuneResolue(
            saisie,
            candidates=tuple(du_code),
            message=(
                f"Aucune commune « {nom_saisi} » n’a le code {code}. {_description_code(code, du_code)} "
                "Précisez laquelle."
            ),
        )
    return CommuneResolue(
        saisie,
        message=(
            f"Aucune commune du département ne correspond à « {saisie} » : vérifiez le nom et le code, ou "
            "choisissez la commune dans la liste proposée."
        ),
    )


def _description_code(code: str, communes: list[Commune]) -> str:
    """What a code is: « Le code postal 47200 est celui de : A, B. 47200 est aussi le code INSEE de C. »"""
    par_code_postal = [c for c in communes if code in c.liste_codes_postaux]
    par_insee = [c for c in communes if c.code_insee == code and c not in par_code_postal]
    phrases = []
    if par_code_postal:
        phrases.append(f"Le code postal {code} est celui de : {_noms(par_code_postal)}.")
    if par_insee:
        phrases.append(f"{code} est {'aussi ' if par_code_postal else ''}le code INSEE de {par_insee[0].nom}.")
    return " ".join(phrases)


def _resoudre_code(saisie: str, code: str, trouvees: list[Commune]) -> CommuneResolue:
    par_code_postal = [c for c in trouvees if code in c.liste_codes_postaux]
    par_insee = [c for c in trouvees if c.code_insee == code and c not in par_code_postal]
    candidates = par_code_postal + par_insee
    if len(candidates) == 1:
        return CommuneResolue(saisie, commune=candidates[0])
    if not candidates:
        return CommuneResolue(
            saisie, message=f"Aucune commune du département n’a le code postal ou le code INSEE {code}."
        )
    if len(par_code_postal) > 1:
        message = f"Le code postal {code} correspond à plusieurs communes : {_noms(par_code_postal)}."
        if par_insee:
            message += f" {code} est aussi le code INSEE de {par_insee[0].nom}."
    else:
        message = f"{code} est le code postal de {par_code_postal[0].nom} et le code INSEE de {par_insee[0].nom}."
    message += f" Précisez laquelle, par exemple « {commune_libelle(candidates[0])} »."
    return CommuneResolue(saisie, candidates=tuple(candidates), message=message)
