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
    path("in-gop/", views.bundle_list, name="bundles"),
    path("in-gop/<int:pk>/", views.bundle_detail, name="bundle"),
    path("in-gop/<int:pk>/trang-thai/", views.bundle_status, name="bundle_status"),
    path("in-gop/<int:pk>/tai/pdf/", views.bundle_download, name="bundle_pdf"),
    path("in-gop/<int:pk>/chay-lai/", views.bundle_retry, name="bundle_retry"),
]
