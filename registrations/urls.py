from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("", views.registration_list, name="list"),
    path("xuat-excel/", views.registration_export, name="export"),
    path("gia-han/", views.extension_list, name="extensions"),
    path("gia-han/<int:window_pk>/cap/", views.extension_grant, name="extension_grant"),
    path("gia-han/thu-hoi/<int:pk>/", views.extension_withdraw, name="extension_withdraw"),
    path("cua-don-vi/", views.registration_mine, name="mine"),
    path("bat-dau/<int:window_pk>/", views.registration_start, name="start"),
    path("phong-trao/<int:pk>/ban-giao/", views.campaign_handover, name="handover"),
    path("<int:pk>/", views.registration_detail, name="detail"),
    path("<int:pk>/sua/", views.registration_edit, name="edit"),
    path("<int:pk>/gui/", views.registration_submit, name="submit"),
    path("<int:pk>/tiep-nhan/", views.registration_accept, name="accept"),
    path("<int:pk>/tra-lai/", views.registration_return, name="return"),
    path("<int:pk>/ke-hoach/", views.registration_plan, name="plan"),
    path("<int:pk>/phien-ban/<int:number>/", views.registration_version, name="version"),
    path("<int:pk>/phien-ban/<int:number>/ke-hoach/", views.registration_plan, name="version_plan"),
]
