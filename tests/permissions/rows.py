"""The roles, and the expected status of each for one view (a row)."""

LOGIN = "login"
# "pupil" is enrolled in a class of the teacher's school and owns the application under
# test; "other_pupil" (not enrolled) and "other_teacher" (another school) are strangers to them.
# "unconfirmed_teacher" says they work at the teacher's school, and nobody confirmed it yet.
ROLES = [
    "anonymous",
    "pupil",
    "teacher",
    "member",
    "other_employer",
    "moderator",
    "admin",
    "other_pupil",
    "other_teacher",
    "unconfirmed_teacher",
    "observer",
]
INVITED_EMAIL = "nouvelle.recrue@exemple.fr"


def row(
    anonymous,
    pupil,
    teacher,
    member,
    other_employer,
    moderator,
    admin=None,
    other_pupil=None,
    other_teacher=None,
    unconfirmed_teacher=None,
    observer=None,
):
    """An admin (superuser, TOTP on) gets what a moderator gets unless said otherwise; the
    other pupil and the other teacher get what the pupil and the teacher get. An unconfirmed
    teacher gets what the teacher gets where the teacher has no right of their own; a row
    giving school staff a right others lack must say what an unconfirmed one gets. An
    observer (figures only) gets what pupils, teachers, employers and moderators all get, a
    refusal they all get, and a 403 where some of them have a right of their own."""
    if unconfirmed_teacher is None:
        assert teacher in (pupil, member), "say what an unconfirmed teacher gets"
        unconfirmed_teacher = teacher
    statuses = [anonymous, pupil, teacher, member, other_employer, moderator]
    statuses.append(moderator if admin is None else admin)
    statuses.append(pupil if other_pupil is None else other_pupil)
    statuses.append(teacher if other_teacher is None else other_teacher)
    statuses.append(unconfirmed_teacher)
    if observer is None:
        shared = pupil == teacher == other_employer
        granted = pupil in (200, 301, 302) and moderator != pupil
        observer = pupil if shared and not granted else 403
    statuses.append(observer)
    return dict(zip(ROLES, statuses, strict=True))


EVERYONE = row(200, 200, 200, 200, 200, 200)
REDIRECTED = row(301, 301, 301, 301, 301, 301)
LOGGED_IN = row(LOGIN, 200, 200, 200, 200, 200)
MEMBERS_AND_MODERATORS = row(404, 404, 404, 200, 404, 200)
OWN_OFFER = row(LOGIN, 403, 403, 200, 404, 403)
OWN_OFFER_POST = row(LOGIN, 403, 403, 302, 404, 403)
# Each employer reaches their own organisation's space (never the member's one).
EMPLOYERS = row(LOGIN, 403, 403, 200, 200, 403)
# Both employers already belong to an organisation: sent to it rather than creating one.
EMPLOYERS_ALREADY_MEMBERS = row(LOGIN, 403, 403, 302, 302, 403)
MODERATORS = row(LOGIN, 403, 403, 403, 403, 200)
MODERATORS_POST = row(LOGIN, 403, 403, 403, 403, 302)
# The Region's figures: Region staff and observers.
FIGURES = row(LOGIN, 403, 403, 403, 403, 200, observer=200)
# The invitation is addressed to someone else: every logged-in role sees the refusal.
INVITATION_REFUSED = row(LOGIN, 200, 200, 200, 200, 200)
INVITATION_REFUSED_POST = row(LOGIN, 403, 403, 403, 403, 403)
PUPILS = row(LOGIN, 200, 403, 403, 403, 403)
# Another pupil's application is a 404; any other role is refused.
OWN_APPLICATION_POST = row(LOGIN, 302, 403, 403, 403, 403, other_pupil=404)
OWN_OFFER_APPLICATION_POST = row(LOGIN, 403, 403, 302, 404, 403)
# Unconfirmed school staff are sent from their class list to the page saying why.
TEACHERS = row(LOGIN, 403, 200, 403, 403, 403, unconfirmed_teacher=302)
# Another school's class is a 404; their own school's, before confirmation, a 403.
OWN_SCHOOL_CLASS = row(LOGIN, 403, 200, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403)
OWN_SCHOOL_CLASS_POST = row(
    LOGIN, 403, 302, 403, 403, 403, other_teacher=404, unconfirmed_teacher=403
)
# Conventions: the pupil's own, their school's, the host's; others' are a 404.
INVOLVED = row(LOGIN, 200, 200, 200, 200, 403, unconfirmed_teacher=403)
CONVENTION = row(
    LOGIN, 200, 200, 200, 404, 403, other_pupil=404, other_teacher=404, unconfirmed_teacher=403
)

# Saved searches: pupils and school staff; another's is a 404.
SAVERS = row(LOGIN, 200, 200, 403, 403, 403)
OWN_SAVED_SEARCH_POST = row(
    LOGIN, 302, 404, 403, 403, 403, other_pupil=404, unconfirmed_teacher=404
)
