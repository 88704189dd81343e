from django.urls import path

from .views import call, dashboard

app_name = "cfp"

urlpatterns = [
    path("", call.current_call, name="current_call"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("c/<slug:conference>/", call.call, name="call"),
]
