"""Signing links: signed tokens, one purpose each (a salt per kind), that expire.

A signatory's token names their signature row and its nonce (a refusal draws a new nonce,
voiding the links sent before); the head's names their school and address, and opens the
page of the conventions waiting for them. A token alone signs nothing: the code does.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

LINK_LIFETIME = timedelta(days=14)
SIGNATORY_SALT = "conventions.signatory-link"
HEAD_SALT = "conventions.head-link"


class LinkError(Exception):
    """A bad or expired link; `payload` is set when it was ours but expired."""

    def __init__(self, message, payload=None):
        super().__init__(message)
        self.payload = payload


BAD = "Ce lien de signature n'est pas valable. Utilisez le dernier lien reçu par e-mail."
EXPIRED = (
    "Ce lien de signature a expiré. L'enseignant référent peut vous en renvoyer un : "
    "contactez l'établissement."
)


def _dumps(payload: dict, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign_object(payload, compress=True)


def _loads(token: str, salt: str) -> dict:
    signer = signing.TimestampSigner(salt=salt)
    try:
        payload = signer.unsign_object(token)
    except signing.BadSignature as error:
        raise LinkError(BAD) from error
    try:
        signer.unsign_object(token, max_age=LINK_LIFETIME)
    except signing.SignatureExpired as error:
        raise LinkError(EXPIRED, payload) from error
    return payload


def signatory_token(signature) -> str:
    return _dumps({"s": signature.pk, "n": signature.nonce}, SIGNATORY_SALT)


def signatory_payload(token: str) -> dict:
    return _loads(token, SIGNATORY_SALT)


def signatory_url(signature) -> str:
    return reverse("conventions:sign", args=[signatory_token(signature)])


def head_token(school_uai: str, email: str) -> str:
    return _dumps({"u": school_uai, "e": email.lower()}, HEAD_SALT)


def head_payload(token: str) -> dict:
    return _loads(token, HEAD_SALT)


def head_url(school_uai: str, email: str) -> str:
    return reverse("conventions:head", args=[head_token(school_uai, email)])
