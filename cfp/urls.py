from django.urls import path

from . import views

app_name = "cfp"

urlpatterns = [
    path("", views.current_call, name="current_call"),
    path("c/<slug:conference>/", views.call, name="call"),
]
