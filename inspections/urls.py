from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("lap-ke-hoach/<int:window_pk>/", views.inspection_plan, name="plan"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/ket-qua/", views.finding_add, name="finding_add"),
    path("<int:pk>/kien-nghi/", views.recommendation_add, name="recommendation_add"),
    path("<int:pk>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/chot-bien-ban/", views.inspection_record, name="record"),
    path("kien-nghi/<int:pk>/tra-loi/", views.recommendation_answer, name="answer"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
]
