from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="list"),
    path("nhap-tu-tep/", views.unit_import, name="import"),
]
