"""The committee: invitations, roles, profiles (under /c/<slug>/committee/)."""

urlpatterns: list = []
