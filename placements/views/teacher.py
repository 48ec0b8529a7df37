"""Teachers: their school's classes, each a table of who has a placement, the CSV export,
pupils' accounts and codes, and the reminder to pupils without placement.

Classes come from `SchoolClass.objects.for_teacher(user)` (the teacher's school only, once
the account's attachment to it is confirmed): another school's class is a 404, and every
page but the class list is a 403 until then; the class list sends to the page saying why.
"""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.attachments import waiting_for
from accounts.roles import check_user, school_staff_required

from .. import annotations, classes, reminders, selectors
from ..forms import ClassForm, PupilNamesForm
from ..models import Enrolment, SchoolClass

WITHOUT_PLACEMENT = "sans-stage"
CSV_COLUMNS = [
    "Nom",
    "Prénom",
    "Statut",
    "Candidatures en attente",
    "Structure d'accueil",
    "Commune",
    "Du",
    "Au",
    "Stage",
]


# A cell starting with one of these is a formula to Excel or LibreOffice: a pupil's name or a
# host's name typed as "=HYPERLINK(...)" would run when the teacher opens the export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _get_class(request, pk):
    return get_object_or_404(
        SchoolClass.objects.for_teacher(request.user).select_related("school"), pk=pk
    )


# The menu's entry for every school-staff account: those not confirmed yet are sent on.
school_staff_or_awaiting = check_user(
    lambda user: user.is_authenticated and user.is_school_staff,
    "Réservé aux personnels d'établissement scolaire.",
)


@school_staff_or_awaiting
@require_http_methods(["GET", "POST"])
def class_list(request):
    if not request.user.works_at_school:
        return redirect("accounts:school")
    current_year = selectors.current_school_year()
    form = ClassForm(request.POST or None, current_year=current_year)
    if request.method == "POST" and form.is_valid():
        try:
            school_class = classes.create_class(
                request.user, form.cleaned_data["name"], form.cleaned_data["school_year"]
            )
        except classes.ClassError as error:
            form.add_error("name", str(error))
        else:
            messages.success(
                request,
                f"Classe {school_class} créée. Donnez aux élèves son code : "
                f"{school_class.join_code}.",
            )
            return redirect("placements:class_detail", pk=school_class.pk)
    return render(
        request,
        "placements/teacher/classes.html",
        {
            "classes": selectors.teacher_classes(request.user),
            "form": form,
            "colleagues_waiting": waiting_for(request.user).count(),
        },
        status=400 if form.errors else 200,
    )


@school_staff_required
@require_GET
def class_detail(request, pk):
    school_class = _get_class(request, pk)
    rows = selectors.class_rows(school_class)
    summary = selectors.class_summary(school_class, rows)
    only_without = request.GET.get("filtre") == WITHOUT_PLACEMENT
    if only_without:
        rows = [r for r in rows if not r.placed]
    # Columns other apps add (conventions): cells per row, in the rows' order.
    columns = annotations.class_columns(school_class, [r.pupil.pk for r in rows])
    for index, row in enumerate(rows):
        row.extra = [(column.heading, column.cells[index]) for column in columns]
    return render(
        request,
        "placements/teacher/class_detail.html",
        {
            "school_class": school_class,
            "rows": rows,
            "columns": columns,
            "summary": summary,
            "only_without": only_without,
            "without_filter": WITHOUT_PLACEMENT,
            "names_form": PupilNamesForm(),
        },
    )


@school_staff_required
@require_GET
def class_csv(request, pk):
    """UTF-8 with BOM and semicolons: what Excel opens as a table, accents intact."""
    school_class = _get_class(request, pk)
    filename = f"stages-{slugify(school_class.name)}-{school_class.school_year}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    rows = selectors.class_rows(school_class)
    # The columns other apps add (conventions), as on the page.
    columns = annotations.class_columns(school_class, [r.pupil.pk for r in rows])
    writer.writerow(CSV_COLUMNS + [column.heading for column in columns])
    for index, row in enumerate(rows):
        # Two placements (a seconde stage with two hosts) share a cell each, " / " apart.
        cells = [
            row.pupil.last_name,
            row.pupil.first_name,
            selectors.Status.LABELS[row.status],
            row.pending,
            " / ".join(stay.host for stay in row.stays),
            " / ".join(stay.commune for stay in row.stays),
            " / ".join(f"{stay.start:%d/%m/%Y}" for stay in row.stays),
            " / ".join(f"{stay.end:%d/%m/%Y}" for stay in row.stays),
            row.coverage_label,
            *(" / ".join(cell.label for cell in column.cells[index]) for column in columns),
        ]
        writer.writerow([_csv_cell(cell) for cell in cells])
    return response


@school_staff_required
@require_POST
def class_pupils(request, pk):
    """Accounts without e-mail for a list of names; the codes are shown once, to print."""
    school_class = _get_class(request, pk)
    form = PupilNamesForm(request.POST)
    issued = []
    if form.is_valid():
        try:
            issued = classes.create_pupils(school_class, form.cleaned_data["names"])
        except classes.ClassError as error:
            form.add_error("names", str(error))
    return render(
        request,
        "placements/teacher/codes.html",
        {"school_class": school_class, "issued": issued, "form": form},
        status=400 if form.errors else 200,
    )


@school_staff_required
@require_POST
def reset_code(request, pk, pupil_pk):
    school_class = _get_class(request, pk)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("pupil", "school_class")
        .filter(anonymised_at__isnull=True)
        .filter(classes.WITHOUT_EMAIL),
        school_class=school_class,
        pupil_id=pupil_pk,
    )
    issued = classes.reset_code(enrolment, request.user)
    return render(
        request,
        "placements/teacher/codes.html",
        {"school_class": school_class, "issued": [issued], "form": None, "reset": True},
    )


@school_staff_required
@require_POST
def remove_pupil(request, pk, pupil_pk):
    school_class = _get_class(request, pk)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("pupil"), school_class=school_class, pupil_id=pupil_pk
    )
    name = f"{enrolment.pupil.first_name} {enrolment.pupil.last_name}"
    classes.remove_pupil(enrolment, request.user)
    messages.success(request, f"{name} ne fait plus partie de la classe {school_class}.")
    return redirect("placements:class_detail", pk=school_class.pk)


@school_staff_required
@require_POST
def class_remind(request, pk):
    school_class = _get_class(request, pk)
    without = [row.pupil for row in selectors.class_rows(school_class) if not row.placed]
    with_email = [pupil.pk for pupil in without if pupil.email]
    reminders.defer_class_reminders(school_class.pk, with_email)
    no_email = len(without) - len(with_email)
    text = f"Rappel envoyé par e-mail à {len(with_email)} élève(s) sans stage complet."
    if no_email:
        text += f" {no_email} élève(s) sans adresse e-mail : prévenez-les en classe."
    messages.success(request, text)
    return redirect("placements:class_detail", pk=school_class.pk)
