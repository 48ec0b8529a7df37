"""How accounts react to allauth's signals (connected in AccountsConfig.ready())."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator


def activation_passes_the_second_factor(sender, request, user, authenticator, **kwargs):
    """Activating TOTP takes a code from the new authenticator: the session has passed it,
    as a login with that code would (accounts.middleware reads the same records)."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
        )
