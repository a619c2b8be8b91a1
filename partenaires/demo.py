"""Demo data of the partner network, the financial aids and the zoning, for the configured département.

- Partners: real institution names (ARS, Région, CPAM, MSA, Ordre, URSSAF, the EPCIs of the database,
  hospitals, the faculty…) with **fictitious contacts** (flag `est_demo`, addresses `.invalid`), placed on
  the département's communes.
- Aids: the rules in force from 1 January 2026 (DOMAIN.md §2), with their official source and the date they
  were checked; regional and local grants whose amount could not be confirmed say so (`montant_non_confirme`).
- Zoning: **synthetic** (no real ARS file is shipped), every row `est_demo=True` and shown as « démonstration ».
"""

import datetime
from decimal import Decimal

from django.utils.text import slugify

from bienvenuedoc.departements import avec_charniere, preset
from observatoire.models import EPCI, Commune, Departement

from .enums import (
    FAMILLES_ZONAGE,
    CategorieCumul,
    ModeExercice,
    ProfilAide,
    TypeAide,
    TypeBesoin,
    TypePartenaire,
    TypeProjet,
    TypeZone,
)
from .models import AideFinanciere, Partenaire, ServicePartenaire, ZonageCommune
from .services import aides_en_vigueur_invalider, zonage_officiel_copier

VERIFIE_LE = datetime.date(2026, 11, 24)
SOURCE_ZONAGE_DEMO = "Zonage de démonstration (fictif) généré par le site : il ne reflète pas l’arrêté de l’ARS"

B = TypeBesoin
P = TypePartenaire

_UNIVERSITES = {
    "75": "Université de Bordeaux — Collège Sciences de la santé, département de médecine générale",
    "84": "Université Clermont Auvergne — UFR de médecine et des professions paramédicales",
}
_PAPS = {
    "75": "https://www.nouvelle-aquitaine.paps.sante.fr",
    "84": "https://www.auvergne-rhone-alpes.paps.sante.fr",
}
_HOPITAUX_47 = [
    ("Centre hospitalier Agen-Nérac", "47001"),
    ("Centre hospitalier de Villeneuve-sur-Lot (Pôle de santé du Villeneuvois)", "47323"),
    ("Centre hospitalier intercommunal Marmande-Tonneins", "47157"),
]
_PRENOMS = ["Camille", "Dominique", "Claude", "Sacha", "Alix", "Morgane", "Yannick", "Lou", "Maxime", "Noa"]
_NOMS = ["Martin", "Bernard", "Dubois", "Laurent", "Garcia", "Roux", "Fontaine", "Chevalier", "Lambert", "Bonnet"]

URL_AMELI_AIDES = (
    "https://www.ameli.fr/medecin/textes-reference/convention-medicale-2024-2029/grands-axes-convention-detail/"
    "mesures-fortes-acces-soins/aides-exercice-zone-sous-dense-renovees"
)
URL_OMNIPRAT = "https://omniprat.org/fiches-pratiques/aides-a-linstallation-en-zone-sous-dense"
URL_URML_PDL = "https://urml-paysdelaloire.org/2026/02/les-zonages-quelles-aides"
URL_OCCITANIE_PAPS = "https://www.occitanie.paps.sante.fr/index.php/linstallation-45"


def _jitter(rng, valeur: float | None, amplitude: float = 0.012) -> float | None:
    return None if valeur is None else round(valeur + rng.uniform(-amplitude, amplitude), 5)


class _Fabrique:
    def __init__(self, *, rng, departement: Departement):
        self.rng = rng
        self.departement = departement
        self.slugs: set[str] = set(Partenaire.objects.values_list("slug", flat=True))
        self.partenaires: list[Partenaire] = []
        self.services: list[tuple[Partenaire, list[str]]] = []
        self.couvertures: list[tuple[Partenaire, list[EPCI]]] = []

    def slug(self, nom: str) -> str:
        base = slugify(nom)[:200] or "partenaire"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def ajouter(self, nom, type_, commune: Commune | None, services, description, *, tout=False, epcis=()):
        rng = self.rng
        slug = self.slug(nom)
        numero = rng.randrange(10, 99)
        partenaire = Partenaire(
            nom=nom,
            slug=slug,
            type=type_,
            description=description,
            couvre_tout_departement=tout,
            adresse=f"{rng.randrange(1, 80)} rue de la Démonstration",
            code_postal=commune.liste_codes_postaux[0] if commune and commune.codes_postaux else "",
            ville=commune.nom if commune else "",
            latitude=_jitter(rng, commune.latitude) if commune else None,
            longitude=_jitter(rng, commune.longitude) if commune else None,
            telephone=f"01 99 00 {numero:02d} {rng.randrange(10, 99):02d}",
            email=f"contact@{slug[:40]}.demo.invalid",
            contact_interne_nom=f"{rng.choice(_PRENOMS)} {rng.choice(_NOMS)} (démo)",
            contact_interne_email=f"referent@{slug[:40]}.demo.invalid",
            contact_interne_telephone=f"01 99 01 {numero:02d} {rng.randrange(10, 99):02d}",
            notes_internes="Fiche de démonstration : contacts fictifs.",
            est_demo=True,
            publie=True,
        )
        self.partenaires.append(partenaire)
        self.services.append((partenaire, list(services)))
        if epcis:
            self.couvertures.append((partenaire, list(epcis)))
        return partenaire

    def enregistrer(self):
        for partenaire in self.partenaires:
            partenaire.texte_recherche = ""
        Partenaire.objects.bulk_create(self.partenaires)
        # bulk_create skips save(): fill the search text the same way
        from observatoire.texte import normaliser_nom

        for partenaire in self.partenaires:
            partenaire.texte_recherche = normaliser_nom(
                " ".join([partenaire.nom, partenaire.description, partenaire.ville])
            )
        Partenaire.objects.bulk_update(self.partenaires, ["texte_recherche"])
        ServicePartenaire.objects.bulk_create(
            ServicePartenaire(partenaire=p, type_besoin=t) for p, types in self.services for t in types
        )
        lien = Partenaire.epcis_couverts.through
        lien.objects.bulk_create(lien(partenaire=p, epci=e) for p, epcis in self.couvertures for e in epcis)


def _partenaires(*, rng, departement: Departement) -> dict[str, Partenaire]:
    code = departement.code
    de = avec_charniere(code)
    region = departement.region_nom or "la région"
    communes = list(
        Commune.objects.sans_contour().filter(departement=departement).order_by("-population", "code_insee")
    )
    if not communes:
        return {}
    par_code = {c.code_insee: c for c in communes}
    chef_lieu = communes[0]
    villes = communes[:12]
    f = _Fabrique(rng=rng, departement=departement)
    cles: dict[str, Partenaire] = {}

    cles["ars"] = f.ajouter(
        f"ARS {region} — délégation départementale {de}",
        P.INSTITUTION_SANTE,
        chef_lieu,
        [B.DEMARCHES_ADMINISTRATIVES, B.AIDES_FINANCIERES, B.LIEU_EXERCICE],
        "Zonage médecins (ZIP, ZAC), contrats et aides de l’État, CESP, accompagnement des projets d’exercice "
        "coordonné. Référent installation de l’ARS.",
        tout=True,
    )
    cles["region"] = f.ajouter(
        f"Région {region}",
        P.COLLECTIVITE,
        chef_lieu,
        [B.AIDES_FINANCIERES, B.TERRAIN_STAGE, B.LOGEMENT],
        "Aides régionales à l’installation et aux maisons de santé, soutien aux étudiants en santé.",
        tout=True,
    )
    cles["cpam"] = f.ajouter(
        f"Caisse primaire d’assurance maladie (CPAM) {de}",
        P.INSTITUTION_SANTE,
        chef_lieu,
        [B.DEMARCHES_ADMINISTRATIVES, B.AIDES_FINANCIERES],
        "Conventionnement, aides de l’Assurance Maladie à l’installation en zone sous-dense, forfait médecin "
        "traitant, conseiller installation.",
        tout=True,
    )
    cles["msa"] = f.ajouter(
        f"Mutualité sociale agricole (MSA) — agence {de}",
        P.INSTITUTION_SANTE,
        villes[1] if len(villes) > 1 else chef_lieu,
        [B.DEMARCHES_ADMINISTRATIVES],
        "Protection sociale agricole : démarches des assurés agricoles, prévention en milieu rural.",
        tout=True,
    )
    cles["ordre"] = f.ajouter(
        f"Conseil départemental de l’Ordre des médecins {de}",
        P.ORDRE,
        chef_lieu,
        [B.DEMARCHES_ADMINISTRATIVES, B.COMPAGNONNAGE],
        "Inscription au tableau, licences de remplacement, contrats d’exercice, cabinets secondaires.",
        tout=True,
    )
    cles["urssaf"] = f.ajouter(
        f"Urssaf {region}",
        P.AUTRE,
        chef_lieu,
        [B.DEMARCHES_ADMINISTRATIVES],
        "Immatriculation, cotisations des praticiens et auxiliaires médicaux (PAM), rendez-vous installation.",
        tout=True,
    )
    cles["cd"] = f.ajouter(
        preset(code)["organisme"],
        P.COLLECTIVITE,
        chef_lieu,
        [B.AIDES_FINANCIERES, B.LOGEMENT, B.EMPLOI_CONJOINT, B.DECOUVERTE_TERRITOIRE, B.TERRAIN_STAGE],
        "Porteur du guichet unique : accueil des médecins, internes et étudiants, aides départementales, "
        "logement des stagiaires, emploi du conjoint.",
        tout=True,
    )
    cles["dgfip"] = f.ajouter(
        f"Direction départementale des finances publiques {de}",
        P.AUTRE,
        chef_lieu,
        [B.DEMARCHES_ADMINISTRATIVES, B.AIDES_FINANCIERES],
        "Exonérations fiscales (ZFRR, permanence des soins) : service des impôts des entreprises.",
        tout=True,
    )
    cles["asp"] = f.ajouter(
        "Agence de services et de paiement (ASP) — contrats d’engagement de service public",
        P.INSTITUTION_SANTE,
        None,
        [B.AIDES_FINANCIERES],
        "Gestion du contrat d’engagement de service public (CESP) depuis les décrets du 25 mars 2025.",
        tout=True,
    )
    cles["urps"] = f.ajouter(
        f"URPS Médecins libéraux {region}",
        P.AUTRE,
        chef_lieu,
        [B.DEMARCHES_ADMINISTRATIVES, B.COMPAGNONNAGE, B.LIEU_EXERCICE],
        "Union régionale des médecins libéraux : permanences installation, accompagnement des projets.",
        tout=True,
    )

    epcis = list(EPCI.objects.sans_contour().filter(communes__departement=departement).distinct().order_by("nom"))
    plus_grande = {}
    for commune in communes:
        plus_grande.setdefault(commune.epci_id, commune)
    for epci in epcis:
        f.ajouter(
            epci.nom,
            P.COLLECTIVITE,
            plus_grande.get(epci.pk),
            [B.LOGEMENT, B.SCOLARITE_GARDE, B.DECOUVERTE_TERRITOIRE, B.LIEU_EXERCICE],
            "Intercommunalité : locaux professionnels, logement, petite enfance et écoles, découverte du territoire.",
            epcis=[epci],
        )
    cles["epci"] = f.partenaires[-1] if epcis else cles["cd"]
    cles["epci_objet"] = epcis[-1] if epcis else None

    hopitaux = (
        [(nom, par_code.get(insee, chef_lieu)) for nom, insee in _HOPITAUX_47]
        if code == "47"
        else [(f"Centre hospitalier de {c.nom}", c) for c in villes[:3]]
    )
    for nom, commune in hopitaux:
        f.ajouter(
            nom,
            P.ETABLISSEMENT_SANTE,
            commune,
            [B.TERRAIN_STAGE, B.LIEU_EXERCICE, B.LOGEMENT],
            "Terrains de stage pour internes et docteurs juniors, internat, postes salariés et temps partagés.",
            tout=True,
        )
    for commune in villes[:4]:
        f.ajouter(
            f"CPTS du territoire de {commune.nom}",
            P.EXERCICE_COORDONNE,
            commune,
            [B.LIEU_EXERCICE, B.COMPAGNONNAGE, B.TERRAIN_STAGE],
            "Communauté professionnelle territoriale de santé : accès à un médecin traitant, soins non programmés, "
            "accueil des nouveaux professionnels.",
            epcis=[e for e in epcis if e.pk == commune.epci_id],
        )
    rurales = [c for c in communes if c.population and 1_000 <= c.population <= 6_000]
    rng.shuffle(rurales)
    for commune in rurales[:8]:
        f.ajouter(
            f"Maison de santé pluriprofessionnelle de {commune.nom}",
            P.EXERCICE_COORDONNE,
            commune,
            [B.LIEU_EXERCICE, B.COMPAGNONNAGE, B.TERRAIN_STAGE],
            "Médecins généralistes, infirmiers, kinésithérapeutes : cabinet disponible, maître de stage sur place.",
            epcis=[e for e in epcis if e.pk == commune.epci_id],
        )
    for commune in rurales[8:11]:
        f.ajouter(
            f"Centre de santé de {commune.nom}",
            P.EXERCICE_COORDONNE,
            commune,
            [B.LIEU_EXERCICE],
            "Centre de santé à médecins salariés : postes à temps plein ou partiel, sans gestion administrative.",
            epcis=[e for e in epcis if e.pk == commune.epci_id],
        )
    cles["universite"] = f.ajouter(
        _UNIVERSITES.get(departement.region_code, f"Faculté de médecine de la subdivision ({region})"),
        P.UNIVERSITE,
        None,
        [B.TERRAIN_STAGE, B.COMPAGNONNAGE],
        "Département de médecine générale : stages d’externes, d’internes et de docteurs juniors, maîtres de "
        "stage universitaires.",
        tout=True,
    )
    ajouts = [
        (f"Agence départementale d’information sur le logement (ADIL) {de}", P.LOGEMENT, chef_lieu, [B.LOGEMENT]),
        (f"Résidence des internes et étudiants en santé de {chef_lieu.nom}", P.LOGEMENT, chef_lieu, [B.LOGEMENT]),
        (f"Action Logement — {region}", P.LOGEMENT, chef_lieu, [B.LOGEMENT]),
        (f"France Travail — agence de {chef_lieu.nom}", P.EMPLOI, chef_lieu, [B.EMPLOI_CONJOINT]),
        (f"Centre de gestion de la fonction publique territoriale {de}", P.EMPLOI, chef_lieu, [B.EMPLOI_CONJOINT]),
        (f"Chambre de commerce et d’industrie {de}", P.EMPLOI, chef_lieu, [B.EMPLOI_CONJOINT]),
        (f"Services départementaux de l’Éducation nationale {de}", P.SCOLARITE, chef_lieu, [B.SCOLARITE_GARDE]),
        (f"Caisse d’allocations familiales {de}", P.SCOLARITE, chef_lieu, [B.SCOLARITE_GARDE]),
        (f"Agence de développement touristique {de}", P.TOURISME, chef_lieu, [B.DECOUVERTE_TERRITOIRE]),
        (f"Office de tourisme de {chef_lieu.nom}", P.TOURISME, chef_lieu, [B.DECOUVERTE_TERRITOIRE]),
        (f"Fédération des maisons et pôles de santé — {region}", P.EXERCICE_COORDONNE, None, [B.LIEU_EXERCICE]),
        (f"Réseau des médecins compagnons {de}", P.AUTRE, chef_lieu, [B.COMPAGNONNAGE]),
    ]
    descriptions = {
        P.LOGEMENT: "Logement pour les stagiaires, les remplaçants et les familles qui s’installent.",
        P.EMPLOI: "Accompagnement de la recherche d’emploi du conjoint ou de la conjointe.",
        P.SCOLARITE: "Inscriptions scolaires, modes de garde, relais petite enfance.",
        P.TOURISME: "Séjours découverte, activités culturelles et sportives, vie associative.",
        P.EXERCICE_COORDONNE: "Accompagnement des projets de maisons de santé et d’exercice coordonné.",
        P.AUTRE: "Médecins du territoire qui accueillent et conseillent les nouveaux arrivants.",
    }
    for nom, type_, commune, services in ajouts:
        f.ajouter(nom, type_, commune, services, descriptions[type_], tout=True)
    f.enregistrer()
    return cles


def _aides(*, departement: Departement, p: dict[str, Partenaire]) -> int:
    code = departement.code
    de = avec_charniere(code)
    paps = _PAPS.get(departement.region_code, URL_OCCITANIE_PAPS)
    site_cd = preset(code).get("site_organisme", "")
    un_janvier = datetime.date(2026, 1, 1)
    communs = {"date_verification": VERIFIE_LE, "publiee": True}
    aides = [
        AideFinanciere(
            nom="Aide à la primo-installation en ZIP",
            financeur=p["cpam"],
            type=TypeAide.PRIME,
            resume="Aide forfaitaire unique de l’Assurance Maladie pour une première installation libérale en ZIP.",
            montant_min=Decimal(10_000),
            montant_max=Decimal(10_000),
            montant_unite="une fois",
            conditions="Première installation en exercice libéral conventionné (cabinet principal) dans une commune "
            "classée ZIP ; secteur 1 ou secteur 2 avec OPTAM / OPTAM-ACO. Versée par la CPAM dans les 3 mois. "
            "Les installations de 2025 ne sont pas couvertes. Pas d’autre aide à l’installation depuis 10 ans.",
            demarche="Contactez la CPAM de votre lieu d’exercice principal dès votre installation.",
            profils=[ProfilAide.PRIMO_INSTALLANT],
            projets=[TypeProjet.INSTALLATION],
            modes_exercice=[ModeExercice.LIBERAL],
            zones=[TypeZone.ZIP],
            exige_secteur_1_optam=True,
            reservee_premiere_installation=True,
            categorie_cumul=CategorieCumul.AIDE_INSTALLATION,
            date_debut=un_janvier,
            source_url=URL_AMELI_AIDES,
            sources_complementaires=f"{URL_OMNIPRAT}\n{URL_OCCITANIE_PAPS}",
            ordre=10,
            **communs,
        ),
        AideFinanciere(
            nom="Aide à la primo-installation en ZAC",
            financeur=p["cpam"],
            type=TypeAide.PRIME,
            resume="Aide forfaitaire unique de l’Assurance Maladie pour une première installation libérale en ZAC.",
            montant_min=Decimal(5_000),
            montant_max=Decimal(5_000),
            montant_unite="une fois",
            conditions="Première installation en exercice libéral conventionné (cabinet principal) dans une commune "
            "classée ZAC ; secteur 1 ou OPTAM / OPTAM-ACO. Pas d’autre aide à l’installation depuis 10 ans.",
            demarche="Contactez la CPAM de votre lieu d’exercice principal dès votre installation.",
            profils=[ProfilAide.PRIMO_INSTALLANT],
            projets=[TypeProjet.INSTALLATION],
            modes_exercice=[ModeExercice.LIBERAL],
            zones=[TypeZone.ZAC],
            exige_secteur_1_optam=True,
            reservee_premiere_installation=True,
            categorie_cumul=CategorieCumul.AIDE_INSTALLATION,
            date_debut=un_janvier,
            source_url=URL_AMELI_AIDES,
            sources_complementaires=f"{URL_OMNIPRAT}\n{URL_OCCITANIE_PAPS}",
            ordre=11,
            **communs,
        ),
        AideFinanciere(
            nom="Aide à l’ouverture d’un cabinet secondaire en ZIP",
            financeur=p["cpam"],
            type=TypeAide.PRIME,
            resume="Aide forfaitaire unique pour un médecin qui ouvre un cabinet secondaire dans une ZIP.",
            montant_min=Decimal(3_000),
            montant_max=Decimal(3_000),
            montant_unite="une fois",
            conditions="Médecin libéral conventionné en secteur 1 ou OPTAM qui ouvre un cabinet secondaire dans "
            "une commune classée ZIP.",
            demarche="Déclarez le cabinet secondaire à l’Ordre puis contactez la CPAM.",
            profils=[ProfilAide.MEDECIN_INSTALLE],
            projets=[TypeProjet.CABINET_SECONDAIRE],
            modes_exercice=[ModeExercice.LIBERAL],
            zones=[TypeZone.ZIP],
            exige_secteur_1_optam=True,
            categorie_cumul=CategorieCumul.CABINET_SECONDAIRE,
            date_debut=un_janvier,
            source_url=URL_AMELI_AIDES,
            sources_complementaires=URL_OCCITANIE_PAPS,
            ordre=12,
            **communs,
        ),
        AideFinanciere(
            nom="Majoration du forfait médecin traitant en ZIP ou QPV",
            financeur=p["cpam"],
            type=TypeAide.REMUNERATION,
            resume="Le forfait médecin traitant (partie socle) est majoré chaque année en ZIP ou en QPV.",
            montant_texte="+10 % de la partie socle du forfait médecin traitant, chaque année",
            conditions="Médecin traitant libéral installé dans une commune classée ZIP ou dans un quartier "
            "prioritaire de la politique de la ville (QPV). La ZAC n’y ouvre pas droit.",
            demarche="Versée automatiquement avec le forfait médecin traitant ; vérifiez votre zonage sur Rezone.",
            profils=[ProfilAide.MEDECIN_INSTALLE, ProfilAide.PRIMO_INSTALLANT],
            modes_exercice=[ModeExercice.LIBERAL],
            zones=[TypeZone.ZIP, TypeZone.QPV],
            date_debut=un_janvier,
            source_url=URL_URML_PDL,
            sources_complementaires=URL_AMELI_AIDES,
            ordre=20,
            **communs,
        ),
        AideFinanciere(
            nom="Majoration du forfait médecin traitant des primo-installés en ZIP ou QPV",
            financeur=p["cpam"],
            type=TypeAide.REMUNERATION,
            resume="Majoration dégressive du forfait médecin traitant pendant les 3 premières années.",
            montant_texte="+50 % la 1re année, +30 % la 2e, +10 % la 3e (partie socle du forfait médecin traitant)",
            conditions="Première installation libérale du cabinet principal dans une commune classée ZIP ou en QPV "
            "(article 26 de la convention médicale 2024).",
            demarche="Versée avec le forfait médecin traitant ; signalez votre primo-installation à la CPAM.",
            profils=[ProfilAide.PRIMO_INSTALLANT],
            projets=[TypeProjet.INSTALLATION],
            modes_exercice=[ModeExercice.LIBERAL],
            zones=[TypeZone.ZIP, TypeZone.QPV],
            reservee_premiere_installation=True,
            date_debut=un_janvier,
            source_url=URL_URML_PDL,
            ordre=21,
            **communs,
        ),
        AideFinanciere(
            nom="Contrat d’engagement de service public (CESP)",
            financeur=p["asp"],
            type=TypeAide.BOURSE,
            resume="Allocation mensuelle pendant les études contre un engagement d’exercer en zone sous-dense.",
            montant_min=Decimal(1_200),
            montant_max=Decimal(1_200),
            montant_unite="brut par mois, jusqu’à la fin des études",
            conditions="Étudiants du 2e cycle et internes. En contrepartie : exercer dans une zone sous-dense "
            "désignée par l’ARS autant d’années que l’allocation a été versée, au moins 2 ans. Géré par l’ASP "
            "depuis les décrets du 25 mars 2025.",
            demarche="Candidatez auprès de votre faculté lors de la campagne annuelle ; l’ARS publie les lieux "
            "d’exercice proposés.",
            profils=[ProfilAide.ETUDIANT, ProfilAide.INTERNE],
            engagement_min_annees=2,
            categorie_cumul=CategorieCumul.AIDE_ETUDES,
            source_url="https://consultation.avocat.fr/blog/jean-loup-mirabel/article-2971404-modification-du-"
            "gestionnaire-du-contrat-d-engagement-de-service-public.html",
            sources_complementaires="https://www.indy.fr/blog/aides-installation-deserts-medicaux/",
            ordre=30,
            **communs,
        ),
        AideFinanciere(
            nom="Exonération d’impôt sur les bénéfices en ZFRR",
            financeur=p["dgfip"],
            type=TypeAide.EXONERATION_FISCALE,
            resume="Exonération des bénéfices pour une création ou une reprise de cabinet en France Ruralités "
            "Revitalisation.",
            montant_texte="100 % des bénéfices exonérés pendant 5 ans, puis 75 %, 50 % et 25 %",
            conditions="Création ou reprise d’un cabinet dans une commune classée ZFRR ; rester 5 ans (sinon "
            "remboursement). Exclus : remplaçants, micro-BNC (sauf en ZFRR+), plus de 11 salariés, SISA, "
            "transfert depuis une autre zone aidée. Au plus 25 % du chiffre d’affaires hors zone ; déclaration "
            "2035 chaque année.",
            demarche="Cochez l’exonération sur votre déclaration 2035 ; vérifiez le classement de la commune sur "
            "le simulateur ZFRR de service-public.fr.",
            profils=[ProfilAide.PRIMO_INSTALLANT, ProfilAide.MEDECIN_INSTALLE],
            profils_exclus=[ProfilAide.REMPLACANT],
            projets=[TypeProjet.INSTALLATION],
            modes_exercice=[ModeExercice.LIBERAL],
            zones=[TypeZone.ZFRR, TypeZone.ZFRR_PLUS],
            engagement_min_annees=5,
            date_debut=datetime.date(2024, 7, 1),
            source_url="https://hiway.fr/blog/care/exoneration-zrr-pour-les-professions-liberales-ce-quil-faut-savoir",
            sources_complementaires="https://angak.fr/zfrr",
            ordre=40,
            **communs,
        ),
        AideFinanciere(
            nom="Exonération fiscale de la rémunération de permanence des soins",
            financeur=p["dgfip"],
            type=TypeAide.EXONERATION_FISCALE,
            resume="La rémunération des gardes (PDSA) est exonérée d’impôt sur le revenu en zone sous-dense.",
            montant_texte="Exonération d’impôt sur le revenu, jusqu’à 60 jours de permanence par an",
            conditions="Participer à la permanence des soins ambulatoires dans un secteur qui comprend au moins une "
            "commune en ZIP ou en ZAC.",
            demarche="Reportez la rémunération PDSA exonérée sur votre déclaration de revenus.",
            profils=[ProfilAide.MEDECIN_INSTALLE, ProfilAide.PRIMO_INSTALLANT, ProfilAide.REMPLACANT],
            zones=[TypeZone.ZIP, TypeZone.ZAC],
            source_url="https://www.hauts-de-france.paps.sante.fr/index.php/les-exonerations-fiscales-125",
            ordre=41,
            **communs,
        ),
        AideFinanciere(
            nom="Indemnité des docteurs juniors en ZIP",
            financeur=p["ars"],
            type=TypeAide.REMUNERATION,
            resume="Indemnité forfaitaire mensuelle pour un docteur junior de médecine générale en stage en ZIP.",
            montant_min=Decimal(1_000),
            montant_max=Decimal(1_000),
            montant_unite="brut par mois de stage",
            conditions="Docteur junior de médecine générale (4e année, à partir de novembre 2026) en stage "
            "ambulatoire dans une commune classée ZIP. Hors ZIP, les indemnités d’hébergement et de transport "
            "(430 € au total) sont maintenues.",
            demarche="Versée avec la rémunération du stage ; la hotline vous aide à trouver un terrain en ZIP.",
            profils=[ProfilAide.DOCTEUR_JUNIOR],
            zones=[TypeZone.ZIP],
            date_debut=datetime.date(2026, 11, 1),
            source_url=URL_URML_PDL,
            sources_complementaires="https://www.egora.fr/etudiants/actus-etudiants/quatrieme-annee-dinternat-en-"
            "sait-plus-sur-la-remuneration-des-futurs",
            ordre=50,
            **communs,
        ),
        AideFinanciere(
            nom="Prime d’activité des docteurs juniors",
            financeur=p["ars"],
            type=TypeAide.PRIME,
            resume="Prime forfaitaire par semestre selon l’activité du docteur junior.",
            montant_min=Decimal(500),
            montant_max=Decimal(500),
            montant_unite="brut par semestre",
            conditions="Au moins 200 actes ou consultations par mois en moyenne sur le semestre.",
            demarche="Calculée sur l’activité du semestre de stage.",
            profils=[ProfilAide.DOCTEUR_JUNIOR],
            date_debut=datetime.date(2026, 11, 1),
            source_url=URL_URML_PDL,
            ordre=51,
            **communs,
        ),
        AideFinanciere(
            nom="Rémunération des maîtres de stage accueillant un docteur junior",
            financeur=p["ars"],
            type=TypeAide.REMUNERATION,
            resume="Honoraires pédagogiques et indemnité de supervision pour le maître de stage universitaire.",
            montant_min=Decimal(1_800),
            montant_max=Decimal(1_800),
            montant_unite="brut par mois",
            montant_texte="600 € d’honoraires pédagogiques + 1 200 € de supervision ; +400 € par mois en cas de "
            "supervision de la permanence des soins",
            conditions="Maître de stage universitaire (MSU) agréé qui accueille un docteur junior de médecine "
            "générale.",
            demarche="Faites-vous agréer maître de stage auprès du département de médecine générale.",
            profils=[ProfilAide.MAITRE_STAGE],
            date_debut=datetime.date(2026, 11, 1),
            source_url="https://leshopitauxdefrance.fr/2025/08/29/renforcement-significatif-du-financement-des-"
            "soins-palliatifs-par-le-gouvernement-francais",
            sources_complementaires=URL_URML_PDL,
            ordre=52,
            **communs,
        ),
        AideFinanciere(
            nom="Majoration des maîtres de stage en zone sous-dense",
            financeur=p["ars"],
            type=TypeAide.REMUNERATION,
            resume="Majoration mensuelle pour le maître de stage qui accueille un docteur junior en ZIP, ZAC ou QPV.",
            montant_min=Decimal(800),
            montant_max=Decimal(800),
            montant_unite="par mois",
            conditions="Maître de stage universitaire accueillant un docteur junior dans une commune classée ZIP, "
            "ZAC ou en QPV.",
            demarche="Versée avec la rémunération de maître de stage.",
            profils=[ProfilAide.MAITRE_STAGE],
            zones=[TypeZone.ZIP, TypeZone.ZAC, TypeZone.QPV],
            date_debut=datetime.date(2026, 11, 1),
            source_url="https://leshopitauxdefrance.fr/2025/08/29/renforcement-significatif-du-financement-des-"
            "soins-palliatifs-par-le-gouvernement-francais",
            ordre=53,
            **communs,
        ),
        AideFinanciere(
            nom="Indemnité forfaitaire d’hébergement des externes en zone sous-dotée",
            financeur=p["ars"],
            type=TypeAide.LOGEMENT,
            resume="Aide au loyer des étudiants hospitaliers en stage ambulatoire en zone sous-dotée.",
            montant_min=Decimal(150),
            montant_max=Decimal(150),
            montant_unite="par mois de stage",
            conditions="Étudiant hospitalier (externe) en stage ambulatoire dans une zone sous-dotée ; attestation "
            "sur l’honneur de payer un loyer et de ne recevoir aucune autre aide publique au logement (arrêté du "
            "9 octobre 2020).",
            demarche="Demandez l’indemnité à votre UFR avec l’attestation sur l’honneur.",
            profils=[ProfilAide.ETUDIANT],
            projets=[TypeProjet.STAGE],
            zones=[TypeZone.ZIP, TypeZone.ZAC],
            categorie_cumul=CategorieCumul.AIDE_HEBERGEMENT,
            source_url="https://banquedesterritoires.fr/un-nouveau-coup-de-pouce-pour-les-stages-detudiants-en-"
            "medecine-en-zones-sous-dotees",
            ordre=60,
            **communs,
        ),
        AideFinanciere(
            nom=f"Hébergement des stagiaires en santé {de}",
            financeur=p["cd"],
            type=TypeAide.LOGEMENT,
            resume="Logement gratuit ou à tarif réduit pour les externes, internes et docteurs juniors en stage.",
            montant_texte="Logement pendant le stage (places limitées)",
            montant_non_confirme=True,
            note_montant="Nombre de places et conditions à confirmer auprès du guichet unique.",
            conditions="Stage dans le département ; une aide publique au logement de ce type ne se cumule pas avec "
            "l’indemnité forfaitaire d’hébergement des externes.",
            demarche="Demandez un logement à la hotline dès l’affectation en stage.",
            profils=[ProfilAide.ETUDIANT, ProfilAide.INTERNE, ProfilAide.DOCTEUR_JUNIOR],
            projets=[TypeProjet.STAGE],
            departement=departement,
            categorie_cumul=CategorieCumul.AIDE_HEBERGEMENT,
            source_url=(
                "https://quidam-hebdo.com/2025/12/23/sante-quel-bilan-pour-le-dispositif-bienvenue-docteur-un-an-"
                "apres-son-lancement"
                if code == "47"
                else site_cd or paps
            ),
            ordre=70,
            **communs,
        ),
        AideFinanciere(
            nom=f"Aide départementale à l’installation {de}",
            financeur=p["cd"],
            type=TypeAide.SUBVENTION,
            resume="Subvention du Département pour une installation en zone sous-dense, sur convention.",
            montant_texte="Montant fixé par délibération du Département",
            montant_non_confirme=True,
            note_montant="Montant non confirmé sur une source officielle : renseignez-vous auprès du guichet unique.",
            conditions="Installation dans une commune du département classée ZIP ou ZAC, sur convention avec le "
            "Département (CGCT art. L1511-8). Compte dans la règle de non-cumul des aides à l’installation sur "
            "10 ans.",
            demarche="Déposez votre projet auprès du guichet unique avant l’installation.",
            profils=[ProfilAide.PRIMO_INSTALLANT, ProfilAide.MEDECIN_INSTALLE],
            projets=[TypeProjet.INSTALLATION],
            departement=departement,
            zones=[TypeZone.ZIP, TypeZone.ZAC],
            categorie_cumul=CategorieCumul.AIDE_INSTALLATION,
            exige_convention_l1511_8=True,
            source_url="https://french-business-law.com/french-legislation-art/article-l1511-8-of-the-french-"
            "general-code-of-local-authorities/",
            sources_complementaires=site_cd,
            ordre=80,
            **communs,
        ),
        AideFinanciere(
            nom=f"Aide régionale à l’installation des médecins ({departement.region_nom or 'Région'})",
            financeur=p["region"],
            type=TypeAide.SUBVENTION,
            resume="Soutien de la Région aux installations et aux projets d’exercice coordonné en zone sous-dense.",
            montant_texte="Selon le règlement d’intervention régional",
            montant_non_confirme=True,
            note_montant="Dispositif et montant à vérifier sur le portail régional (PAPS) de l’ARS.",
            conditions="Installation en ZIP ou ZAC, sur convention avec la Région (CGCT art. L1511-8) ; compte "
            "dans la règle de non-cumul sur 10 ans.",
            demarche="Renseignez-vous sur le PAPS de votre région ; la hotline fait le lien avec la Région.",
            profils=[ProfilAide.PRIMO_INSTALLANT, ProfilAide.MEDECIN_INSTALLE],
            projets=[TypeProjet.INSTALLATION],
            departement=departement,
            zones=[TypeZone.ZIP, TypeZone.ZAC],
            categorie_cumul=CategorieCumul.AIDE_INSTALLATION,
            exige_convention_l1511_8=True,
            source_url=paps,
            ordre=81,
            **communs,
        ),
        AideFinanciere(
            nom="Aide au logement des internes en stage en zone sous-dense",
            financeur=p["cd"],
            type=TypeAide.LOGEMENT,
            resume="Logement ou indemnité de logement versé par une collectivité à l’interne en stage.",
            montant_texte="Au plus 20 % des émoluments mensuels d’un interne de 3e année",
            montant_non_confirme=True,
            note_montant="Plafond légal ; le montant versé dépend de la collectivité.",
            conditions="Interne en stage dans une zone sous-dense (ZIP ou ZAC) ; possible aussi une indemnité de "
            "déplacement (CGCT art. D1511-52 et suivants).",
            demarche="Demandez-la à la collectivité du lieu de stage, via la hotline.",
            profils=[ProfilAide.INTERNE],
            projets=[TypeProjet.STAGE],
            departement=departement,
            zones=[TypeZone.ZIP, TypeZone.ZAC],
            categorie_cumul=CategorieCumul.AIDE_HEBERGEMENT,
            exige_convention_l1511_8=True,
            source_url="https://www.legifrance.gouv.fr/affichCode.do?idSectionTA=LEGISCTA000006192619&cidTexte="
            "LEGITEXT000006070633&dateTexte=20121030",
            ordre=82,
            **communs,
        ),
        AideFinanciere(
            nom="Contrat d’aide à l’installation des médecins (CAIM)",
            financeur=p["cpam"],
            type=TypeAide.CONTRAT,
            resume="Ancien contrat de l’Assurance Maladie, fermé aux nouvelles signatures depuis le 1er janvier "
            "2026 ; les contrats signés vont jusqu’à leur terme.",
            montant_max=Decimal(50_000),
            montant_texte="+2 500 € en hôpital de proximité",
            conditions="Signable jusqu’au 31 décembre 2025 : installation en ZIP depuis moins d’un an, engagement "
            "de 5 ans, 2,5 jours par semaine, exercice en groupe / CPTS / ESP, participation à la PDSA, une fois "
            "par carrière.",
            profils=[ProfilAide.PRIMO_INSTALLANT, ProfilAide.MEDECIN_INSTALLE],
            zones=[TypeZone.ZIP],
            categorie_cumul=CategorieCumul.AIDE_INSTALLATION,
            date_fin=datetime.date(2025, 12, 31),
            historique=True,
            source_url="https://www.centre-val-de-loire.paps.sante.fr/les-aides-linstallation-17?parent=8971",
            sources_complementaires="https://www.paysdelaloire.paps.sante.fr/linstallation-61",
            ordre=90,
            **communs,
        ),
    ]
    epci = p.get("epci_objet")
    if epci is not None:
        aides.append(
            AideFinanciere(
                nom=f"Indemnité d’étude et de projet professionnel — {epci.nom}",
                financeur=p["epci"],
                type=TypeAide.BOURSE,
                resume="Indemnité d’une intercommunalité à l’étudiant qui s’engage à y exercer au moins 5 ans.",
                montant_texte="Au plus les émoluments annuels d’un interne de 3e année, par an",
                montant_non_confirme=True,
                note_montant="Montant fixé par l’intercommunalité : à confirmer auprès d’elle.",
                conditions="Étudiant en médecine qui s’engage à exercer au moins 5 ans dans une zone déficitaire du "
                "territoire ; convention avec la collectivité (CGCT art. L1511-8).",
                demarche="Présentez votre projet à l’intercommunalité avec l’aide de la hotline.",
                profils=[ProfilAide.ETUDIANT, ProfilAide.INTERNE],
                engagement_min_annees=5,
                categorie_cumul=CategorieCumul.AIDE_ETUDES,
                exige_convention_l1511_8=True,
                source_url="https://www.atd31.fr/fr/base-doc/sante/medecin/les-aides-communales-aux-etudiants-en-"
                "medecine.html",
                ordre=83,
                **communs,
            )
        )
    for aide in aides:
        aide.slug = slugify(aide.nom)[:200]
    AideFinanciere.objects.bulk_create(aides)
    if epci is not None:
        aides[-1].epcis.add(epci)
    return len(aides)


def zonage_demo(*, rng, departement: Departement) -> int:
    """Synthetic zoning (ZIP/ZAC/ZV/hors zone, QPV in the 3 largest towns, ZFRR in small communes), written
    only for the families (ARS, QPV, ZFRR) that have no real zoning imported in the département (the official
    FRR and QPV lists of the observatory are copied by `services.zonage_officiel_copier`)."""
    reelles = {
        FAMILLES_ZONAGE[t]
        for t in ZonageCommune.objects.filter(commune__departement=departement, est_demo=False)
        .values_list("type_zone", flat=True)
        .distinct()
    }
    ZonageCommune.objects.filter(commune__departement=departement, est_demo=True).delete()
    if {"ars", "qpv", "zfrr"} <= reelles:
        return 0
    communes = list(
        Commune.objects.filter(departement=departement)
        .order_by("-population", "code_insee")
        .values_list("id", "population")
    )
    date_zonage = datetime.date(2026, 1, 1)
    lignes = []
    for rang, (commune_id, population) in enumerate(communes):
        population = population or 0
        if population >= 15_000:
            ars = rng.choices([TypeZone.ZAC, TypeZone.HORS_ZONE, TypeZone.ZIP], weights=[5, 3, 2])[0]
        else:
            ars = rng.choices([TypeZone.ZIP, TypeZone.ZAC, TypeZone.ZV, TypeZone.HORS_ZONE], weights=[35, 40, 15, 10])[
                0
            ]
        types = [ars]
        if rang < 3:
            types.append(TypeZone.QPV)
        if population < 2_000 and rng.random() < 0.5:
            types.append(TypeZone.ZFRR_PLUS if rng.random() < 0.1 else TypeZone.ZFRR)
        lignes += [
            ZonageCommune(
                commune_id=commune_id,
                type_zone=t,
                source=SOURCE_ZONAGE_DEMO,
                date_zonage=date_zonage,
                est_demo=True,
            )
            for t in types
            if FAMILLES_ZONAGE[t] not in reelles
        ]
    ZonageCommune.objects.bulk_create(lignes, batch_size=1000)
    return len({ligne.commune_id for ligne in lignes})


def generer(*, rng, departement, stdout):
    try:
        dep = Departement.objects.get(code=departement)
    except Departement.DoesNotExist:
        stdout.write(f"  territoire {departement} absent : importez-le d’abord (importer_territoire)")
        return
    p = _partenaires(rng=rng, departement=dep)
    if not p:
        stdout.write("  aucune commune dans le département : partenaires non générés")
        return
    nb_aides = _aides(departement=dep, p=p)
    officiel = zonage_officiel_copier(departement=departement)
    nb_communes = zonage_demo(rng=rng, departement=dep)
    aides_en_vigueur_invalider()
    stdout.write(
        f"  {Partenaire.objects.filter(est_demo=True).count()} partenaires (contacts fictifs), {nb_aides} aides, "
        f"zonage de démonstration pour {nb_communes} communes"
    )
    if any(officiel.values()):
        stdout.write(
            f"  zonages FRR et QPV officiels (importés par l’observatoire) : {officiel['zfrr']} communes en FRR, "
            f"{officiel['zfrr_plus']} en FRR+, {officiel['qpv']} avec un QPV"
        )


def effacer(*, stdout):
    demo = Partenaire.objects.filter(est_demo=True)
    AideFinanciere.objects.filter(financeur__in=demo).delete()
    ZonageCommune.objects.filter(est_demo=True).delete()
    nombre, _ = demo.delete()
    aides_en_vigueur_invalider()
    stdout.write(f"  partenaires de démonstration effacés ({nombre} lignes)")
