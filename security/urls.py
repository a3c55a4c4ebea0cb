from django.urls import path

from . import views

urlpatterns = [
    path("xac-thuc/", views.second_factor_verify, name="second_factor_verify"),
    path("xac-thuc/dang-ky/", views.second_factor_enrol, name="second_factor_enrol"),
    path("bao-mat/", views.second_factor_manage, name="second_factor_manage"),
    path("bao-mat/ma-khoi-phuc/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("nhat-ky/xuat.csv", views.audit_log_export, {"fmt": "csv"}, name="audit_log_csv"),
    path("nhat-ky/xuat.xlsx", views.audit_log_export, {"fmt": "xlsx"}, name="audit_log_xlsx"),
]
