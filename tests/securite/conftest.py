"""Prints, at the end of the run, how many cases each fuzz test tried (tests/securite/test_fuzz.py records
them with `record_property("cas_essayes", (form, n))`; the property travels with the report, so this works
under pytest-xdist too)."""


def pytest_terminal_summary(terminalreporter):
    lignes = [
        valeur
        for rapport in terminalreporter.getreports("passed") + terminalreporter.getreports("failed")
        if rapport.when == "call"
        for nom, valeur in rapport.user_properties
        if nom == "cas_essayes"
    ]
    if lignes:
        terminalreporter.section("fuzz : cas essayés par formulaire")
        for formulaire, nombre in sorted(lignes):
            terminalreporter.write_line(f"{formulaire} : {nombre} cas")
