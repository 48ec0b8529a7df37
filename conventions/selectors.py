"""Reads: the conventions a user may see, each with what stops it from being signed."""

from dataclasses import dataclass

from . import rules
from .models import Convention, SchoolSettings, State


def visible_to(user):
    """Teachers: their school's; pupils: their own; hosts: their organisation's."""
    conventions = Convention.objects.select_related("school_class")
    if not user.is_authenticated:
        return conventions.none()
    if user.works_at_school:
        return conventions.for_teacher(user)
    if user.is_pupil:
        return conventions.of_pupil(user)
    if user.is_employer:
        return conventions.of_organisation_member(user).distinct()
    return conventions.none()


def family_editable_by(user):
    """The family's part is typed by the pupil or their teacher, never by the host."""
    if user.is_authenticated and user.works_at_school:
        return Convention.objects.for_teacher(user)
    return Convention.objects.of_pupil(user)


@dataclass
class Status:
    key: str
    label: str


def status_of(convention, waiting: int | None = None) -> Status:
    """The convention's status in the words of the class table."""
    if convention.state == State.CANCELLED:
        return Status("cancelled", "Annulée")
    if convention.state == State.SIGNED:
        return Status("signed", "Signée")
    if convention.state == State.SIGNING:
        if waiting is None:
            waiting = convention.signatures.filter(signed_at=None).count()
        return Status("signing", f"En attente de {waiting} signature{'s' if waiting > 1 else ''}")
    if convention.refusal:
        return Status("refused", "Refusée, à corriger")
    if rules.missing_family_information(convention):
        return Status("missing", "Informations manquantes")
    return Status("draft", "À compléter" if rules.problems(convention) else "Prête à envoyer")


def problems_by_party(convention) -> list[tuple[str, list[rules.Problem]]]:
    grouped: dict[str, list[rules.Problem]] = {}
    for problem in rules.problems(convention):
        grouped.setdefault(problem.who_label, []).append(problem)
    return list(grouped.items())


def head_emails() -> dict[str, str]:
    """School UAI → its head's e-mail, where the school's convention settings give one."""
    settings = SchoolSettings.objects.exclude(head_email="")
    return dict(settings.values_list("school_id", "head_email"))
