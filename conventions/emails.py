"""Who is told what about a convention. Every e-mail goes through the outbox."""

from stages_bfc.mail import send_templated

from .models import Convention


def parties(convention: Convention) -> list[str]:
    """Every address the convention names, once each."""
    addresses = [
        convention.pupil_email,
        convention.guardian_email,
        convention.host_signatory_email,
        convention.tutor_email,
        convention.teacher_email,
        convention.head_email,
    ]
    seen = []
    for address in addresses:
        if address and address.lower() not in {a.lower() for a in seen}:
            seen.append(address)
    return seen


def send_cancelled(convention_id: int) -> None:
    convention = Convention.objects.get(pk=convention_id)
    # One message per party: a retry after a failure resends to nobody twice the same day.
    for address in parties(convention):
        send_templated("convention_cancelled", [address], {"convention": convention})
