app_name = "partenaires"

urlpatterns = []
