"""Class join codes and pupils' personal login codes.

Codes use an alphabet without look-alike characters (no 0/O, 1/I/L), so a teacher can
write them on the board. Personal codes are never stored: only an HMAC keyed with
SECRET_KEY, which is indexable (login looks it up directly) and useless without the key.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CLASS_CODE_LENGTH = 6
PERSONAL_CODE_LENGTH = 8


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(code: str) -> str:
    """What people type: any case, spaces and dashes ignored."""
    return "".join(code.split()).replace("-", "").upper()


def display(code: str) -> str:
    """Personal codes are shown in two groups of four: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}" if len(code) == PERSONAL_CODE_LENGTH else code


def login_digest(class_code: str, personal_code: str) -> str:
    message = f"{normalise(class_code)}:{normalise(personal_code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
