"""In-memory territory read from a source, before it is written: every importer produces a `Territoire`."""

from dataclasses import dataclass, field


class ErreurImport(Exception):
    """Bad input (missing file, wrong format, unknown code): the message is French and shown as is."""


@dataclass
class DepartementLu:
    code: str
    nom: str
    region_code: str = ""
    region_nom: str = ""
    contour: dict | None = None


@dataclass
class EPCILu:
    siren: str
    nom: str
    type: str
    population: int | None = None
    contour: dict | None = None


@dataclass
class CommuneLue:
    code_insee: str
    nom: str
    departement_code: str
    epci_siren: str | None = None
    codes_postaux: list[str] = field(default_factory=list)
    population: int | None = None
    population_annee: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    contour: dict | None = None
    populations_historiques: dict[int, int] = field(default_factory=dict)


@dataclass
class Territoire:
    departements: list[DepartementLu]
    epcis: list[EPCILu]
    communes: list[CommuneLue]
    millesime: int
    source: str

    @property
    def population(self) -> int:
        return sum(c.population or 0 for c in self.communes)
