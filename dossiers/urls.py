from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("cua-don-vi/", views.proposal_mine, name="proposal_mine"),
    path("bat-dau/<int:registration_pk>/", views.proposal_start, name="proposal_start"),
    path("de-xuat-cua-phong/", views.office_proposal_start, name="office_proposal_start"),
    path("ho-so/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("ho-so/<int:pk>/gui/", views.proposal_submit, name="proposal_submit"),
    path("ho-so/<int:pk>/xet/", views.proposal_review, name="proposal_review"),
    path("ho-so/<int:pk>/goi-dich-vu-cong/", views.proposal_package, name="proposal_package"),
    path("ho-so/<int:pk>/phien-ban/<int:number>/", views.proposal_version, name="proposal_version"),
    path("ho-so/<int:pk>/them/<str:subject>/", views.nominee_create, name="nominee_create"),
    path("ho-so/<int:pk>/nhap-excel/", views.nominee_import, name="nominee_import"),
    path("ho-so/<int:pk>/mau-nhap-excel/", views.nominee_template, name="nominee_template"),
    path("de-nghi/<int:pk>/", views.nominee_detail, name="nominee_detail"),
    path("de-nghi/<int:pk>/sua/", views.nominee_edit, name="nominee_edit"),
    path("de-nghi/<int:pk>/xoa/", views.nominee_delete, name="nominee_delete"),
    path("tong-hop/", views.submission_list, name="submission_list"),
    path("tong-hop/lap/", views.submission_start, name="submission_start"),
    path("tong-hop/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("tong-hop/<int:pk>/trinh/", views.submission_send, name="submission_send"),
    path(
        "tong-hop/<int:pk>/bo/<int:nominee_pk>/",
        views.submission_exclude,
        name="submission_exclude",
    ),
    path("tong-hop/<int:submission_pk>/hop/", views.meeting_create, name="meeting_create"),
    path("hop/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("hop/<int:pk>/bieu-quyet/", views.meeting_votes, name="meeting_votes"),
    path("hop/<int:pk>/ket-thuc/", views.meeting_close, name="meeting_close"),
    path("hop/<int:meeting_pk>/quyet-dinh/", views.decision_create, name="decision_create"),
    path("hop/<int:meeting_pk>/trinh-tinh/", views.forwarding_create, name="forwarding_create"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/sua/", views.decision_edit, name="decision_edit"),
    path("quyet-dinh/<int:pk>/ban-hanh/", views.decision_issue, name="decision_issue"),
    path("trinh-tinh/<int:pk>/", views.forwarding_detail, name="forwarding_detail"),
    path("hop/<int:meeting_pk>/in-ho-so/", views.bulk_print_start, name="bulk_print_start"),
    path("in-ho-so/<int:pk>/", views.bulk_print_detail, name="bulk_print_detail"),
    path("in-ho-so/<int:pk>/tai/", views.bulk_print_download, name="bulk_print_download"),
    path("in-ho-so/<int:pk>/huy/", views.bulk_print_cancel, name="bulk_print_cancel"),
    path("hoi-dong/", views.council_members, name="council_members"),
]
