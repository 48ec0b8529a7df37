"""Writes on classes: creation, pupils joining or created by their teacher, personal codes."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import User
from outbox.services import defer

from . import codes, levels
from .models import CodeReset, Enrolment, SchoolClass
from .services import release_open_applications

# Only pupils without e-mail log in with codes: an account with an e-mail address is its
# owner's, and a teacher must not be able to issue a code for it and log in as them.
WITHOUT_EMAIL = Q(pupil__email__isnull=True) | Q(pupil__email="")


class ClassError(Exception):
    """A refused class operation; its message is shown to the person, in French."""


def create_class(
    teacher, name: str, school_year: int, level: str = "", observation_days: int | None = None
) -> SchoolClass:
    """A class of the teacher's school; its level must be one its school's kind has."""
    name = name.strip()
    kind = teacher.school.kind
    level = level or levels.MAIN_LEVEL.get(kind, "")
    if not levels.fits(level, kind):
        raise ClassError(
            f"Le niveau « {levels.label_of(level) or level} » n'existe pas dans un "
            f"établissement de type « {teacher.school.get_kind_display().lower()} »."
        )
    if SchoolClass.objects.filter(
        school_id=teacher.school_id, school_year=school_year, name__iexact=name
    ).exists():
        raise ClassError(f"Votre établissement a déjà une classe « {name} » cette année-là.")
    for _ in range(10):
        try:
            with transaction.atomic():
                school_class = SchoolClass.objects.create(
                    school_id=teacher.school_id,
                    name=name,
                    level=level,
                    observation_days=observation_days or levels.DEFAULT_OBSERVATION_DAYS,
                    school_year=school_year,
                    join_code=codes.random_code(codes.CLASS_CODE_LENGTH),
                )
                school_class.teachers.add(teacher)
                return school_class
        except IntegrityError:  # a join code already taken: draw another
            continue
    raise ClassError("Impossible de créer la classe pour le moment : réessayez.")


def join(pupil, join_code: str) -> Enrolment:
    """A pupil with an account joins a class with the code the teacher gave."""
    code = codes.normalise(join_code)
    school_class = SchoolClass.objects.select_related("school").filter(join_code=code).first()
    if school_class is None:
        raise ClassError(
            "Ce code de classe n'existe pas. Vérifiez-le auprès de votre enseignant ou "
            "enseignante : il a 6 caractères, lettres et chiffres."
        )
    existing = Enrolment.objects.filter(
        pupil=pupil, school_class__school_year=school_class.school_year
    ).first()
    if existing:
        if existing.school_class_id == school_class.pk:
            raise ClassError(f"Vous faites déjà partie de la classe {school_class}.")
        raise ClassError(
            f"Vous êtes déjà inscrit ou inscrite dans la classe {existing.school_class} "
            "cette année. Demandez à votre enseignant de vous en retirer d'abord."
        )
    with transaction.atomic():
        # The class's school is the pupil's from now on: a 3e pupil goes on to a lycée for
        # seconde (one class a school year, checked above).
        if pupil.school_id != school_class.school_id:
            pupil.school_id = school_class.school_id
            pupil.save(update_fields=["school"])
        return Enrolment.objects.create(pupil=pupil, school_class=school_class)


@dataclass
class IssuedCode:
    pupil: User
    code: str  # shown once to the teacher, never stored


def _issue(enrolment: Enrolment) -> str:
    for _ in range(10):
        code = codes.random_code(codes.PERSONAL_CODE_LENGTH)
        enrolment.login_digest = codes.login_digest(enrolment.school_class.join_code, code)
        try:
            with transaction.atomic():
                enrolment.save(update_fields=["login_digest"])
            return codes.display(code)
        except IntegrityError:
            continue
    raise ClassError("Impossible de générer un code pour le moment : réessayez.")


def parse_names(text: str) -> list[tuple[str, str]]:
    """One pupil a line: "Prénom Nom", or "Nom ; Prénom" / "Nom, Prénom" as from a spreadsheet."""
    names = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for separator in (";", ",", "\t"):
            if separator in line:
                last, first = (part.strip() for part in line.split(separator, 1))
                break
        else:
            first, _, last = line.partition(" ")
        if not first or not last:
            raise ClassError(f"« {line} » : indiquez le prénom et le nom de l'élève.")
        names.append((first[:150], last[:150]))
    if not names:
        raise ClassError("Indiquez au moins un élève, un par ligne.")
    return names


def create_pupils(school_class: SchoolClass, text: str) -> list[IssuedCode]:
    """Accounts without e-mail for the listed pupils, each with a personal login code."""
    issued = []
    with transaction.atomic():
        for first, last in parse_names(text):
            pupil = User.objects.create_user(
                None,
                None,
                role=User.Role.PUPIL,
                first_name=first,
                last_name=last,
                school_id=school_class.school_id,
            )
            enrolment = Enrolment.objects.create(pupil=pupil, school_class=school_class)
            issued.append(IssuedCode(pupil=pupil, code=_issue(enrolment)))
    return issued


def reset_code(enrolment: Enrolment, actor: User) -> IssuedCode:
    """A new personal code; the old one stops working at once. Pupils without e-mail only.

    Written in the audit trail, and the class's teachers are told (by whom and when, never
    the code: it shows on screen once)."""
    if enrolment.pupil.email:
        raise ValueError("Pupils with an e-mail address log in with it, not with a code.")
    with transaction.atomic():
        issued = IssuedCode(pupil=enrolment.pupil, code=_issue(enrolment))
        reset = CodeReset.objects.create(
            pupil=enrolment.pupil, school_class=enrolment.school_class, actor=actor
        )
        defer("placements.tasks.send_code_reset", reset.pk)
    return issued


def authenticate_pupil(class_code: str, personal_code: str) -> User | None:
    enrolment = (
        Enrolment.objects.select_related("pupil")
        .filter(
            login_digest=codes.login_digest(class_code, personal_code),
            school_class__join_code=codes.normalise(class_code),
            anonymised_at__isnull=True,
            pupil__is_active=True,
        )
        .filter(WITHOUT_EMAIL)
        .first()
    )
    return enrolment.pupil if enrolment else None


def remove_pupil(enrolment: Enrolment, teacher) -> None:
    """Take a pupil out of a class, so that they can join another one.

    A pupil without e-mail can only log in through their class: their account is closed,
    and their open applications are released so that hosts are not left waiting.
    """
    pupil = enrolment.pupil
    with transaction.atomic():
        enrolment.delete()
        if not pupil.email:
            release_open_applications(pupil, teacher, "L'élève a quitté la classe.")
            pupil.is_active = False
            pupil.save(update_fields=["is_active"])
