from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("", views.criterion_set_list, name="sets"),
    path("bo/<int:pk>/", views.criterion_set_detail, name="set"),
    path("bo/<int:pk>/phien-ban-moi/", views.criterion_set_new_version, name="set_new_version"),
    path("cua-don-vi/", views.assessment_mine, name="mine"),
    path("bat-dau/<int:registration_pk>/", views.assessment_start, name="start"),
    path("bao-cao/<int:pk>/", views.assessment_detail, name="detail"),
    path("bao-cao/<int:pk>/sua/", views.assessment_edit, name="edit"),
    path("bao-cao/<int:pk>/tinh/", views.assessment_compute, name="compute"),
    path("bao-cao/<int:pk>/gui/", views.assessment_submit, name="submit"),
    path("bao-cao/<int:pk>/cham/", views.assessment_review, name="review"),
    path("bao-cao/<int:pk>/cham/tinh/", views.assessment_review_compute, name="review_compute"),
    path("bao-cao/<int:pk>/tra-lai/", views.assessment_return, name="return"),
    path("bao-cao/<int:pk>/phien-ban/<int:number>/", views.assessment_version, name="version"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("cham-diem/", views.assessment_queue, name="queue"),
    path("ket-qua/", views.results_page, name="results"),
    path("ket-qua/xuat-excel/", views.results_export, name="results_export"),
    path("the-trang-chu/", views.home_card, name="home_card"),
]
