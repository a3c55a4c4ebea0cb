from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from dossiers import views as dossier_views
from registrations import views as registration_views

admin.site.site_header = "Thi đua số – Quản trị"
admin.site.site_title = "Thi đua số"
admin.site.index_title = "Quản trị hệ thống"

# A database that does not answer: 503 with Retry-After and a Vietnamese page.
handler500 = "core.views.server_error"

urlpatterns = [
    path("", registration_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("readyz", core_views.readyz, name="readyz"),
    path("thong-bao/", core_views.notice_list, name="notices"),
    path("dang-nhap/", core_views.PortalLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("security.urls")),
    path("don-vi/", include("units.urls")),
    path("dang-ky/", include("registrations.urls")),
    path("tieu-chi/", include("criteria.urls")),
    path("bao-cao/", include("reports.urls")),
    path("du-lieu-mo/", include("reports.urls_public")),
    path("van-ban/", include("documents.urls")),
    path("khen-thuong/", include("dossiers.urls")),
    path("kiem-tra/", include("inspections.urls")),
    path("guong-dien-hinh/", include("exemplars.urls")),
    path("vinh-danh/", dossier_views.honour_roll, name="honour_roll"),
    path("quyet-dinh-khen-thuong/", dossier_views.public_decisions, name="public_decisions"),
    path(
        "quyet-dinh-khen-thuong/<int:pk>/",
        dossier_views.public_decision_detail,
        name="public_decision_detail",
    ),
    path(
        "quyet-dinh-khen-thuong/<int:pk>/ban-cong-khai.pdf",
        dossier_views.public_decision_pdf,
        name="public_decision_pdf",
    ),
    path("quan-tri/", admin.site.urls),
]
# Media files are never served directly: every upload is downloaded through a view
# that checks access (an action plan belongs to its unit).
