from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("viec-can-lam/", views.home_todo, name="home_todo"),
    path("dinh-ky/", views.periodic_mine, name="periodic_mine"),
    path("dinh-ky/bat-dau/<int:period_pk>/", views.periodic_start, name="periodic_start"),
    path("dinh-ky/<int:pk>/", views.periodic_detail, name="periodic_detail"),
    path("dinh-ky/<int:pk>/sua/", views.periodic_edit, name="periodic_edit"),
    path("dinh-ky/<int:pk>/gui/", views.periodic_submit, name="periodic_submit"),
    path("dinh-ky/<int:pk>/ghi-nhan/", views.periodic_acknowledge, name="periodic_acknowledge"),
    path("dinh-ky/<int:pk>/tra-lai/", views.periodic_return, name="periodic_return"),
    path(
        "dinh-ky/<int:pk>/phien-ban/<int:number>/", views.periodic_version, name="periodic_version"
    ),
    path("ky-bao-cao/", views.period_list, name="period_list"),
    path("ky-bao-cao/tao/", views.period_create_defaults, name="period_create_defaults"),
    path("ky-bao-cao/<int:pk>/", views.period_detail, name="period_detail"),
    path("ky-bao-cao/<int:pk>/sua/", views.period_edit, name="period_edit"),
    path("tong-hop/", views.summary_list, name="summary_list"),
    path("tong-hop/tao/", views.summary_create, name="summary_create"),
    path("tong-hop/<int:pk>/", views.summary_detail, name="summary_detail"),
    path("tong-hop/<int:pk>/sua/", views.summary_edit, name="summary_edit"),
    path("tong-hop/<int:pk>/phat-hanh/", views.summary_issue, name="summary_issue"),
    path("tong-hop/<int:pk>/ban/<int:number>/", views.issue_detail, name="issue_detail"),
    path("tong-hop/<int:pk>/ban/<int:number>/excel/", views.issue_xlsx, name="issue_xlsx"),
    path("tong-hop/<int:pk>/ban/<int:number>/tinh-lai/", views.issue_retry, name="issue_retry"),
]
