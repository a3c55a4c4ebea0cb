from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/trang-thai/", views.document_status, name="status"),
    path("<int:pk>/tai/pdf/", views.document_download, {"file_format": "pdf"}, name="pdf"),
    path("<int:pk>/tai/docx/", views.document_download, {"file_format": "docx"}, name="docx"),
    path("<int:pk>/phat-hanh/", views.document_issue, name="issue"),
    path("<int:pk>/chay-lai/", views.document_retry, name="retry"),
    path("<int:pk>/tao-lai/", views.document_regenerate, name="regenerate"),
    path("nguon/<str:kind>/<int:source_pk>/", views.document_source, name="source"),
    path("nguon/<str:kind>/<int:source_pk>/tao/", views.document_request, name="request"),
]
