"""Decisions, the author response and the notification mails."""

urlpatterns: list = []
