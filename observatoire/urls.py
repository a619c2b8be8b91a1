app_name = "observatoire"

urlpatterns = []
