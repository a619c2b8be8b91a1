"""Four requesters' journeys end to end in a real browser, each with its own needs: a GP installing with a
spouse and children, an interne looking for a training place and housing, an externe discovering the
territory, a remplaçant. Each fills the public form (communes typed « Nom (code postal) » as the suggestion
list offers them, on the real territory of Lot-et-Garonne), opens their space through the link of the
acknowledgement e-mail, and finds there EVERY field they typed (their right of access)."""

import re
from dataclasses import dataclass, field

import pytest
from django.core import mail

from accompagnement.models import Demande

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@dataclass
class Profil:
    prenom: str
    nom: str
    email: str
    profil: str  # value of the select
    type_projet: str
    textes: dict[str, str]  # field id -> typed text
    communes: list[str]
    besoins: dict[str, str]  # need -> its « précisions »
    conjoint: str = ""
    enfants: str = ""
    mode_exercice: str = ""
    structures: list[str] = field(default_factory=list)
    epci: bool = False  # tick the first intercommunality of the list
    attendus: list[str] = field(default_factory=list)  # labels the space must show (profile, project, needs…)


PROFILS = [
    Profil(
        prenom="Camille",
        nom="Nguyễn-Lefèvre",
        email="camille.generaliste@exemple.test",
        profil="medecin_generaliste",
        type_projet="installation",
        textes={
            "id_telephone": "06 11 22 33 44",
            "id_specialite": "Médecine générale",
            "id_rpps": "10001234565",
            "id_periode_debut": "2026-09-01",
            "id_periode_fin": "2027-06-30",
            "id_message": "Installation en MSP avec ma famille, idéalement près de Villeneuve.",
        },
        communes=["Villeneuve-sur-Lot (47300)", "Agen (47000)"],
        besoins={
            "emploi_conjoint": "Poste à temps partiel",
            "scolarite_garde": "Une école bilingue si possible",
            "logement": "Maison de quatre pièces",
            "aides_financieres": "",
        },
        conjoint="Professeure des écoles",
        enfants="4 et 9 ans",
        mode_exercice="liberal",
        structures=["msp", "cabinet_groupe"],
        epci=True,
        attendus=[
            "Médecin généraliste",
            "Installation",
            "1 septembre 2026",
            "30 juin 2027",
            "Libéral",
            "Maison de santé pluriprofessionnelle (MSP)",
            "Cabinet de groupe",
            "Emploi du conjoint ou de la conjointe",
            "Scolarité et garde d’enfants",
            "Logement",
            "Aides financières",
        ],
    ),
    Profil(
        prenom="Yanis",
        nom="Benali",
        email="yanis.interne@exemple.test",
        profil="interne",
        type_projet="stage",
        textes={
            "id_universite": "Université de Bordeaux",
            "id_specialite": "Médecine générale (DES)",
            "id_periode_debut": "2026-11-02",
            "id_periode_fin": "2027-04-30",
            "id_message": "Stage de niveau 1 chez le praticien, je n’ai pas de voiture.",
        },
        communes=["Marmande (47200)"],
        besoins={"terrain_stage": "Un maître de stage à Marmande", "logement": "Studio meublé pour six mois"},
        attendus=["Interne", "Stage ou internat", "2 novembre 2026", "30 avril 2027", "Terrain de stage", "Logement"],
    ),
    Profil(
        prenom="Léa",
        nom="O’Connor",
        email="lea.externe@exemple.test",
        profil="externe",
        type_projet="decouverte",
        textes={"id_universite": "Université de Toulouse", "id_message": "Je découvre le département cet été."},
        communes=["Nérac (47600)"],
        besoins={"decouverte_territoire": "Randonnée et rugby", "compagnonnage": "Suivre un médecin rural"},
        attendus=[
            "Externe (étudiant·e en 2ᵉ cycle)",
            "Découverte du territoire",
            "Découverte du territoire (culture, sport, loisirs)",
            "Compagnonnage par un médecin du territoire",
        ],
    ),
    Profil(
        prenom="Hugo",
        nom="Martin",
        email="hugo.remplacant@exemple.test",
        profil="remplacant",
        type_projet="remplacement",
        textes={
            "id_rpps": "10203040505",
            "id_telephone": "07 98 76 54 32",
            "id_periode_debut": "2026-07-01",
            "id_message": "Remplacements réguliers le week-end.",
        },
        communes=["Fumel (47500)"],
        besoins={"lieu_exercice": "Cabinets cherchant un remplaçant", "demarches_administratives": ""},
        mode_exercice="mixte",
        attendus=[
            "Médecin remplaçant·e",
            "Remplacement",
            "1 juillet 2026",
            "Mixte (libéral et salarié)",
            "Trouver un lieu d’exercice",
            "Démarches administratives",
        ],
    ),
]


def _remplir(page, p: Profil) -> str:
    """Fills and sends the form; returns the label of the ticked intercommunality (or "")."""
    page.fill("#id_prenom", p.prenom)
    page.fill("#id_nom", p.nom)
    page.fill("#id_email", p.email)
    page.select_option("#id_profil", p.profil)
    page.select_option("#id_type_projet", p.type_projet)
    for identifiant, texte in p.textes.items():
        page.fill(f"#{identifiant}", texte)
    for numero, commune in enumerate(p.communes, start=1):
        assert page.locator(f"#communes-departement option[value='{commune}']").count() == 1, commune
        page.fill(f"#id_commune_{numero}", commune)
    epci = ""
    if p.epci:
        case = page.locator("input[name=epcis]").first
        case.check()
        epci = page.locator(f"label[for='{case.get_attribute('id')}']").inner_text().strip()
    if p.mode_exercice:
        page.check(f"input[name=mode_exercice][value={p.mode_exercice}]")
    for structure in p.structures:
        page.check(f"input[name=structures][value={structure}]")
    for besoin, precision in p.besoins.items():
        page.check(f"input[name=besoins][value={besoin}]")
        if precision:
            page.fill(f"#id_precision_{besoin}", precision)
    if p.conjoint:
        page.fill("#id_domaine_conjoint", p.conjoint)
    if p.enfants:
        page.fill("#id_ages_enfants", p.enfants)
    page.check("#id_consentement")
    page.click("main button[type=submit]")
    page.wait_for_url("**/demande/envoyee/")
    return epci


@pytest.mark.parametrize("p", PROFILS, ids=[p.profil for p in PROFILS])
def test_quatre_profils_retrouvent_dans_leur_espace_tout_ce_qu_ils_ont_saisi(
    live_server, page, settings, territoire_47, p
):
    settings.SITE_URL = live_server.url
    page.goto(live_server.url + "/demande/")
    epci = _remplir(page, p)
    demande = Demande.objects.get(email=p.email)
    assert demande.reference in page.inner_text("main")

    accuse = next(m for m in mail.outbox if m.to == [p.email])
    page.goto(re.search(r"http\S+/espace/\S+/", accuse.body).group(0))
    assert page.locator("h1").inner_text() == f"Ma demande {demande.reference}"
    texte = " ".join(page.inner_text("main").split())
    saisis = [
        f"{p.prenom} {p.nom}",
        p.email,
        *(
            t
            for identifiant, t in p.textes.items()
            if identifiant not in ("id_periode_debut", "id_periode_fin")  # shown as « 1 septembre 2026 »
        ),
        *(commune for commune in p.communes),
        *(precision for precision in p.besoins.values() if precision),
        *([p.conjoint] if p.conjoint else []),
        *([p.enfants] if p.enfants else []),
        *([epci] if epci else []),
        *p.attendus,
    ]
    manquants = [s for s in saisis if " ".join(s.split()) not in texte]
    assert not manquants, f"absents de l’espace de {p.prenom} : {manquants}"
    # labels, never the stored codes (the snake_case ones: « interne » is also a word of a label)
    for code in (p.profil, p.type_projet, *p.besoins, *p.structures):
        assert "_" not in code or code not in texte, code
