from django.urls import path

from . import views

app_name = "exemplars"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("quan-ly/", views.manage, name="manage"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/anh/", views.photo, name="photo"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/cong-bo/", views.publish, name="publish"),
    path("<int:pk>/go/", views.withdraw, name="withdraw"),
]
