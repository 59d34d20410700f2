app_name = "hearings_data"
urlpatterns: list = []
