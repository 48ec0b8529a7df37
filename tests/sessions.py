"""Logging in test clients as allauth's login does, second factor included."""

from allauth.account.internal.flows.login import record_authentication
from django.http import HttpRequest


def log_in(client, user):
    """`client.force_login(user)`, and for Region staff the steps of allauth's login with TOTP
    recorded in the session: accounts.middleware lets staff in only after both."""
    client.force_login(user)
    if user.requires_mfa:
        request = HttpRequest()
        request.session = client.session
        request.user = user
        record_authentication(request, user, "password", email=user.email)
        record_authentication(request, user, "mfa", type="totp")
        request.session.save()
