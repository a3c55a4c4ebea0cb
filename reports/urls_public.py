"""Public pages (no login): the open-data aggregates, plan II.e."""

from django.urls import path

from . import views

app_name = "open_data"

urlpatterns = [
    path("", views.open_data, name="page"),
    path("ket-qua.csv", views.open_data_csv, name="csv"),
    path("ket-qua.json", views.open_data_json, name="json"),
]
