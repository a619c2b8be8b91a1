"""The eligibility engine, criterion by criterion and in combinations (table-driven)."""

import datetime

import pytest

from partenaires.eligibilite import Reponses, aides_eligibilite
from partenaires.enums import (
    CategorieCumul,
    ModeExercice,
    ProfilAide,
    ProfilSimulateur,
    Secteur,
    TypeProjet,
    TypeZone,
)
from tests.partenaires.factories import (
    AideFinanciereFactory,
    CommuneFactory,
    DepartementFactory,
    EPCIFactory,
    PartenaireFactory,
    ZonageCommuneFactory,
)

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 11, 24)

# commune key -> zone types
ZONAGES = {
    "zip": [TypeZone.ZIP],
    "zac": [TypeZone.ZAC],
    "zac_qpv": [TypeZone.ZAC, TypeZone.QPV],
    "zip_zfrr": [TypeZone.ZIP, TypeZone.ZFRR],
    "hors_zone": [TypeZone.HORS_ZONE],
    "sans_zonage": [],
}


@pytest.fixture
def communes():
    epci = EPCIFactory()
    resultat = {}
    for cle, zones in ZONAGES.items():
        commune = CommuneFactory(epci=epci, nom=f"Commune {cle}")
        for zone in zones:
            ZonageCommuneFactory(commune=commune, type_zone=zone)
        resultat[cle] = commune
    return resultat


def reponses(commune, **kwargs):
    valeurs = {
        "profil": ProfilSimulateur.REMPLACANT,
        "type_projet": TypeProjet.INSTALLATION,
        "mode_exercice": ModeExercice.LIBERAL,
        "secteur": Secteur.SECTEUR_1_OPTAM,
        "engagement_annees": 5,
        "premiere_installation": True,
        "aide_installation_recue": False,
        "commune": commune,
    }
    valeurs.update(kwargs)
    return Reponses(**valeurs)


def resultat_unique(simulation):
    assert len(simulation.resultats) == 1
    return simulation.resultats[0]


# (case, aid criteria, answers, commune key, eligible?, failing criterion code)
CAS = [
    ("sans critère : éligible", {}, {}, "hors_zone", True, None),
    ("profil concerné", {"profils": [ProfilAide.REMPLACANT]}, {}, "zip", True, None),
    ("profil non concerné", {"profils": [ProfilAide.INTERNE]}, {}, "zip", False, "profil"),
    ("primo-installant déduit des réponses", {"profils": [ProfilAide.PRIMO_INSTALLANT]}, {}, "zip", True, None),
    (
        "pas primo-installant sans première installation",
        {"profils": [ProfilAide.PRIMO_INSTALLANT]},
        {"premiere_installation": False},
        "zip",
        False,
        "profil",
    ),
    (
        "un interne n’est pas primo-installant",
        {"profils": [ProfilAide.PRIMO_INSTALLANT]},
        {"profil": ProfilSimulateur.INTERNE},
        "zip",
        False,
        "profil",
    ),
    (
        "maître de stage déclaré",
        {"profils": [ProfilAide.MAITRE_STAGE]},
        {"profil": ProfilSimulateur.MEDECIN_INSTALLE, "maitre_stage": True},
        "zip",
        True,
        None,
    ),
    (
        "maître de stage seulement pour un médecin installé",
        {"profils": [ProfilAide.MAITRE_STAGE]},
        {"profil": ProfilSimulateur.INTERNE, "maitre_stage": True},
        "zip",
        False,
        "profil",
    ),
    ("ZFRR exclut les remplaçants", {"profils_exclus": [ProfilAide.REMPLACANT]}, {}, "zip_zfrr", False, "profil_exclu"),
    (
        "ZFRR pour un médecin installé",
        {"profils_exclus": [ProfilAide.REMPLACANT], "zones": [TypeZone.ZFRR]},
        {"profil": ProfilSimulateur.MEDECIN_INSTALLE},
        "zip_zfrr",
        True,
        None,
    ),
    ("projet concerné", {"projets": [TypeProjet.INSTALLATION]}, {}, "zip", True, None),
    ("projet non concerné", {"projets": [TypeProjet.STAGE]}, {}, "zip", False, "projet"),
    ("mode libéral", {"modes_exercice": [ModeExercice.LIBERAL]}, {}, "zip", True, None),
    (
        "mode mixte vaut libéral",
        {"modes_exercice": [ModeExercice.LIBERAL]},
        {"mode_exercice": ModeExercice.MIXTE},
        "zip",
        True,
        None,
    ),
    (
        "salarié exclu d’une aide libérale",
        {"modes_exercice": [ModeExercice.LIBERAL]},
        {"mode_exercice": ModeExercice.SALARIE},
        "zip",
        False,
        "mode_exercice",
    ),
    ("secteur 1 ou OPTAM", {"exige_secteur_1_optam": True}, {}, "zip", True, None),
    (
        "secteur 2 sans OPTAM",
        {"exige_secteur_1_optam": True},
        {"secteur": Secteur.SECTEUR_2},
        "zip",
        False,
        "secteur",
    ),
    ("première installation", {"reservee_premiere_installation": True}, {}, "zip", True, None),
    (
        "pas une première installation",
        {"reservee_premiere_installation": True},
        {"premiere_installation": False},
        "zip",
        False,
        "premiere_installation",
    ),
    (
        "première installation mais projet de stage",
        {"reservee_premiere_installation": True},
        {"type_projet": TypeProjet.STAGE},
        "zip",
        False,
        "premiere_installation",
    ),
    ("zone ZIP", {"zones": [TypeZone.ZIP]}, {}, "zip", True, None),
    ("zone ZIP demandée, commune en ZAC", {"zones": [TypeZone.ZIP]}, {}, "zac", False, "zone"),
    ("majoration FMT : ZIP", {"zones": [TypeZone.ZIP, TypeZone.QPV]}, {}, "zip", True, None),
    ("majoration FMT : QPV", {"zones": [TypeZone.ZIP, TypeZone.QPV]}, {}, "zac_qpv", True, None),
    ("majoration FMT : pas en ZAC", {"zones": [TypeZone.ZIP, TypeZone.QPV]}, {}, "zac", False, "zone"),
    ("commune sans zonage connu", {"zones": [TypeZone.ZIP]}, {}, "sans_zonage", False, "zone"),
    ("engagement suffisant", {"engagement_min_annees": 5}, {"engagement_annees": 5}, "zip", True, None),
    ("engagement insuffisant", {"engagement_min_annees": 5}, {"engagement_annees": 4}, "zip", False, "engagement"),
    (
        "non-cumul : aucune aide reçue",
        {"categorie_cumul": CategorieCumul.AIDE_INSTALLATION},
        {},
        "zip",
        True,
        None,
    ),
    (
        "non-cumul : aide reçue il y a 6 ans",
        {"categorie_cumul": CategorieCumul.AIDE_INSTALLATION},
        {"aide_installation_recue": True, "aide_installation_date": datetime.date(2020, 3, 1)},
        "zip",
        False,
        "non_cumul",
    ),
    (
        "non-cumul : aide reçue il y a plus de 10 ans",
        {"categorie_cumul": CategorieCumul.AIDE_INSTALLATION},
        {"aide_installation_recue": True, "aide_installation_date": datetime.date(2016, 11, 24)},
        "zip",
        True,
        None,
    ),
    (
        "non-cumul : 10 ans moins un jour",
        {"categorie_cumul": CategorieCumul.AIDE_INSTALLATION},
        {"aide_installation_recue": True, "aide_installation_date": datetime.date(2016, 11, 25)},
        "zip",
        False,
        "non_cumul",
    ),
    (
        "non-cumul : autre catégorie non concernée",
        {"categorie_cumul": CategorieCumul.AIDE_ETUDES},
        {"aide_installation_recue": True, "aide_installation_date": datetime.date(2020, 3, 1)},
        "zip",
        True,
        None,
    ),
    ("L1511-8 : collectivité en ZIP", {"exige_convention_l1511_8": True}, {}, "zip", True, None),
    ("L1511-8 : collectivité hors zone", {"exige_convention_l1511_8": True}, {}, "hors_zone", False, "zone"),
    (
        "L1511-8 : zone QPV seule ne suffit pas",
        {"exige_convention_l1511_8": True, "zones": [TypeZone.QPV]},
        {},
        "zac_qpv",
        True,
        None,
    ),
]


@pytest.mark.parametrize(
    ("criteres", "reponses_modifiees", "cle_commune", "eligible", "echec"),
    [c[1:] for c in CAS],
    ids=[c[0] for c in CAS],
)
def test_critere(communes, criteres, reponses_modifiees, cle_commune, eligible, echec):
    AideFinanciereFactory(**criteres)
    resultat = resultat_unique(
        aides_eligibilite(reponses=reponses(communes[cle_commune], **reponses_modifiees), jour=JOUR)
    )
    assert resultat.eligible is eligible, [c.libelle for c in resultat.criteres]
    if echec is None:
        assert resultat.critere_echec is None
        assert all(c.rempli for c in resultat.criteres)
    else:
        assert resultat.critere_echec.code == echec
        assert resultat.critere_echec.libelle


def test_les_raisons_remplies_sont_en_francais(communes):
    AideFinanciereFactory(primo_zip=True)
    resultat = resultat_unique(aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR))
    libelles = [c.libelle for c in resultat.criteres_remplis]
    assert resultat.eligible
    assert "Profil : Médecin qui s’installe pour la première fois" in libelles
    assert "Commune zip est classée ZIP" in libelles
    assert "Secteur 1 ou OPTAM" in libelles
    assert "Pas d’aide à l’installation reçue ces 10 dernières années" in libelles


def test_primo_installation_zip_echoue_en_zac_avec_le_zonage_de_la_commune(communes):
    AideFinanciereFactory(primo_zip=True)
    resultat = resultat_unique(aides_eligibilite(reponses=reponses(communes["zac"]), jour=JOUR))
    assert not resultat.eligible
    assert resultat.critere_echec.libelle == "Réservée aux communes classées ZIP ; Commune zac : ZAC"


def test_non_cumul_donne_la_date_de_fin(communes):
    AideFinanciereFactory(primo_zip=True)
    r = reponses(communes["zip"], aide_installation_recue=True, aide_installation_date=datetime.date(2020, 3, 1))
    echec = resultat_unique(aides_eligibilite(reponses=r, jour=JOUR)).critere_echec
    assert "avant le 01/03/2030" in echec.libelle
    assert "décret 2025-231" in echec.libelle


def test_plusieurs_echecs_sont_tous_listes(communes):
    AideFinanciereFactory(primo_zip=True)
    r = reponses(communes["zac"], secteur=Secteur.SECTEUR_2, premiere_installation=False)
    resultat = resultat_unique(aides_eligibilite(reponses=r, jour=JOUR))
    assert [c.code for c in resultat.echecs] == ["profil", "secteur", "premiere_installation", "zone"]


def test_deux_aides_de_la_meme_categorie_sont_en_conflit(communes):
    AideFinanciereFactory(primo_zip=True, nom="Primo ZIP")
    AideFinanciereFactory(locale=True, nom="Aide du Département")
    AideFinanciereFactory(cesp=True)
    simulation = aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR)
    par_nom = {r.aide.nom: r for r in simulation.resultats}
    assert par_nom["Primo ZIP"].eligible and par_nom["Aide du Département"].eligible
    conflit = [c for c in par_nom["Primo ZIP"].conflits if c.code == "meme_categorie"]
    assert len(conflit) == 1
    assert "« Aide du Département »" in conflit[0].message
    assert "10 ans" in conflit[0].message
    assert [c.code for c in par_nom["Aide du Département"].conflits] == ["convention_l1511_8", "meme_categorie"]
    assert simulation.nb_conflits == 2


def test_aide_locale_signale_la_convention(communes):
    AideFinanciereFactory(locale=True)
    resultat = resultat_unique(aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR))
    assert resultat.eligible
    assert [c.code for c in resultat.conflits] == ["convention_l1511_8"]
    assert "L1511-8" in resultat.conflits[0].message


def test_aide_locale_dans_l_aide_recue_il_y_a_5_ans(communes):
    AideFinanciereFactory(locale=True)
    r = reponses(communes["zip"], aide_installation_recue=True, aide_installation_date=datetime.date(2021, 6, 1))
    resultat = resultat_unique(aides_eligibilite(reponses=r, jour=JOUR))
    assert resultat.critere_echec.code == "non_cumul"
    assert "collectivité" in resultat.critere_echec.libelle
    assert resultat.conflits == []


@pytest.mark.parametrize(
    ("perimetre", "cle", "eligible"),
    [
        ("departement", "zip", True),
        ("autre_departement", "zip", False),
        ("epci", "zip", True),
        ("autre_epci", "zip", False),
        ("commune", "zip", True),
        ("autre_commune", "zip", False),
    ],
)
def test_territoire(communes, perimetre, cle, eligible):
    commune = communes[cle]
    aide = AideFinanciereFactory()
    if perimetre == "departement":
        aide.departement = commune.departement
        aide.save()
    elif perimetre == "autre_departement":
        aide.departement = DepartementFactory(puy_de_dome=True)
        aide.save()
    elif perimetre == "epci":
        aide.epcis.add(commune.epci)
    elif perimetre == "autre_epci":
        aide.epcis.add(EPCIFactory())
    elif perimetre == "commune":
        aide.communes.add(commune)
    else:
        aide.communes.add(communes["zac"])
    resultat = resultat_unique(aides_eligibilite(reponses=reponses(commune), jour=JOUR))
    assert resultat.eligible is eligible
    if not eligible:
        assert resultat.critere_echec.code == "territoire"


@pytest.mark.parametrize("trait", ["expiree", "future", "fermee"])
def test_aides_hors_vigueur_absentes(communes, trait):
    AideFinanciereFactory(**{trait: True})
    AideFinanciereFactory(nom="En vigueur", date_fin=JOUR)
    simulation = aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR)
    assert [r.aide.nom for r in simulation.resultats] == ["En vigueur"]


def test_aide_non_publiee_absente(communes):
    AideFinanciereFactory(publiee=False)
    assert aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR).resultats == []


def test_mode_intercommunalite_selon_la_commune(communes):
    AideFinanciereFactory(zones=[TypeZone.ZIP], nom="ZIP")
    AideFinanciereFactory(zones=[TypeZone.ZFRR_PLUS], nom="ZFRR+")
    epci = communes["zip"].epci
    simulation = aides_eligibilite(reponses=reponses(None, epci=epci), jour=JOUR)
    par_nom = {r.aide.nom: r for r in simulation.resultats}
    assert par_nom["ZIP"].eligible and par_nom["ZIP"].sous_condition
    assert "2 commune(s) de l’intercommunalité classée(s) ZIP" in par_nom["ZIP"].criteres[0].libelle
    assert not par_nom["ZFRR+"].eligible
    assert simulation.territoire.nb_communes == len(ZONAGES)


def test_zonage_de_demonstration_signale(communes):
    commune = CommuneFactory()
    ZonageCommuneFactory(commune=commune, type_zone=TypeZone.ZIP, est_demo=True)
    AideFinanciereFactory(zones=[TypeZone.ZIP])
    simulation = aides_eligibilite(reponses=reponses(commune), jour=JOUR)
    assert simulation.territoire.est_demo
    assert "(zonage de démonstration)" in simulation.resultats[0].criteres[0].libelle


def test_sans_territoire_refuse():
    with pytest.raises(ValueError):
        aides_eligibilite(reponses=reponses(None), jour=JOUR)


@pytest.mark.parametrize("nombre", [3, 60])
def test_nombre_de_requetes_fixe(communes, django_assert_num_queries, nombre):
    for n in range(nombre):
        aide = AideFinanciereFactory(zones=[TypeZone.ZIP] if n % 2 else [], financeur__nom=f"F{n}")
        if n % 3 == 0:
            aide.epcis.add(communes["zip"].epci)
            aide.communes.add(communes["zac"])
    # cold cache: zoning, fingerprint of the aids, aids as values, funders, communes, EPCIs
    with django_assert_num_queries(6):
        simulation = aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR)
        noms = [r.aide.financeur.nom for r in simulation.resultats]
    assert len(noms) == nombre
    # warm cache: zoning and fingerprint only
    with django_assert_num_queries(2):
        simulation = aides_eligibilite(reponses=reponses(communes["zac"]), jour=JOUR)
    assert len(simulation.resultats) == nombre


def test_liste_en_cache_invalidee_par_les_ecritures(communes, django_capture_on_commit_callbacks):
    from partenaires.services import aide_archiver, aides_en_vigueur_invalider

    aide = AideFinanciereFactory(nom="Aide locale")
    commune = communes["zip"]

    def resultat():
        return resultat_unique(aides_eligibilite(reponses=reponses(commune), jour=JOUR))

    assert resultat().eligible
    # an M2M change does not touch the aids table: the write path bumps the version
    aide.communes.add(communes["zac"])
    assert resultat().eligible  # still the cached list
    with django_capture_on_commit_callbacks(execute=True):
        aides_en_vigueur_invalider()
    assert not resultat().eligible
    assert resultat().critere_echec.code == "territoire"
    # a save outside the write paths changes the fingerprint (last change of the aids)
    aide.nom = "Aide locale renommée"
    aide.save()
    assert resultat().aide.nom == "Aide locale renommée"
    # archiving through the service removes it
    with django_capture_on_commit_callbacks(execute=True):
        aide_archiver(aide_id=aide.pk)
    assert aides_eligibilite(reponses=reponses(commune), jour=JOUR).resultats == []


def test_liste_en_cache_invalidee_par_l_admin(communes, django_capture_on_commit_callbacks):
    """A funder renamed in the admin: the aids table does not change, the admin's save bumps the version."""
    from django.contrib import admin

    from partenaires.models import Partenaire

    class FormulaireEnregistre:  # what ModelAdmin.save_related uses of the bound form
        def save_m2m(self):
            pass

    financeur = PartenaireFactory(nom="Ancien nom")
    AideFinanciereFactory(financeur=financeur)
    simulation = aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR)
    assert simulation.resultats[0].aide.financeur.nom == "Ancien nom"
    financeur.nom = "Nouveau nom"
    financeur.save()
    simulation = aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR)
    assert simulation.resultats[0].aide.financeur.nom == "Ancien nom"  # cached
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Partenaire].save_related(None, FormulaireEnregistre(), [], True)
    simulation = aides_eligibilite(reponses=reponses(communes["zip"]), jour=JOUR)
    assert simulation.resultats[0].aide.financeur.nom == "Nouveau nom"
