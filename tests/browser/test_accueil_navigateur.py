import pytest

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_accueil_sans_violation_axe(live_server, page, axe):
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    axe(page, "accueil")
