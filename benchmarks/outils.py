"""Shared by the benchmark scripts (not a benchmark itself: run_all.py skips it)."""


def preparer_mesure_serveur() -> None:
    """setup_test_environment() (needed by the test Client) also instruments every template render so that
    tests can read response.templates: a signal and a copy of the context per template, test-only work that a
    server does not do and that costs template-heavy pages tens of milliseconds. Switch it off so the Client
    measures server time."""
    from django.template import Template
    from django.test.utils import _TestState, setup_test_environment

    setup_test_environment()
    Template._render = _TestState.saved_data.template_render


def figer_comme_un_worker() -> None:
    """After loading the data set, do what `bienvenuedoc/wsgi.py` does when a gunicorn worker starts: collect,
    then freeze what is alive so full garbage collections only walk the objects of the requests measured."""
    import gc

    gc.collect()
    gc.freeze()
