"""Importers of the territory reference, one module per format (parse → validate), and the one
transaction that writes them (`enregistrement`):

- `cog`: the COG JSON of @etalab/decoupage-administratif / geo.api.gouv.fr (communes, EPCI, départements, régions);
- `populations`: `populations-historiques.csv` (municipal populations per COG edition);
- `communes_csv`: the derived `communes-france-2026.csv` (centres, EPCI, population);
- `contours`: GeoJSON outlines (communes 2026 or 2018 per département, EPCI 2026, simplified départements);
- `officiel`: assembles the official files of a folder laid out like DONNEES_OUVERTES_DIR;
- `extrait`: the project's compact extract (gzip JSON) shipped in `observatoire/data/`;
- `territoire`: the entry point the command calls (`importer_territoire`);
- `sante`: the health open data (APL, GPs, MSP/centres, FRR, QPV) of `importer_observatoire`, its snapshots and
  its shipped extract;
- `rpps`, `finess`: the Annuaire Santé extract of practitioners (GPs, presences per dated extract, arrivals and
  departures) and the FINESS stock (MSP, centres de santé, Lambert-93 → WGS84), read by `texte_officiel`."""

from .modele import ErreurImport, Territoire

__all__ = ["ErreurImport", "Territoire"]
