from django.urls import path

from . import views

app_name = "rapports"

urlpatterns = [
    path("observatoire/rapports/", views.rapports, name="liste"),
    path("observatoire/rapports/<uuid:uuid>/", views.rapport, name="rapport"),
    path("observatoire/rapports/<uuid:uuid>/etat.json", views.rapport_etat, name="etat"),
    path("observatoire/rapports/<uuid:uuid>/rapport.pdf", views.rapport_pdf, name="pdf"),
]
