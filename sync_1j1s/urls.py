app_name = "sync_1j1s"
urlpatterns = []
