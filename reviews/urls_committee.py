"""The committee: invitations, roles, profiles (under /c/<slug>/committee/)."""

from django.urls import path

from .views import committee

P = "c/<slug:conference>/committee/"

urlpatterns = [
    path(P, committee.home, name="committee_home"),
    path(f"{P}members/", committee.members, name="committee_members"),
    path(f"{P}members/<int:pk>/", committee.member_detail, name="committee_member"),
    path(f"{P}members/<int:pk>/remove/", committee.member_remove, name="committee_member_remove"),
    path(f"{P}invitations/", committee.invitations, name="committee_invitations"),
    path(f"{P}invitations/paste/", committee.invitations_paste, name="committee_invitations_paste"),
    path(
        f"{P}invitations/<int:pk>/resend/",
        committee.invitation_resend,
        name="committee_invitation_resend",
    ),
    path(
        f"{P}invitations/<int:pk>/revoke/",
        committee.invitation_revoke,
        name="committee_invitation_revoke",
    ),
    path(f"{P}profile/", committee.profile, name="committee_profile"),
    path(f"{P}join/<str:token>/", committee.invitation, name="committee_invitation"),
]
