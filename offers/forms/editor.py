"""`OfferEditor` bundles the offer form and the period formset so views stay thin: one
`is_valid()`, one `save()` (which hands the cleaned values to `services.save_offer`).
Everything works without JavaScript: the period formset always shows a few empty rows,
left empty when not needed.
"""

import datetime
import re

from django.utils import timezone

from reference.communes import label
from reference.models import Commune
from reference.periods import coming_seconde_period
from stages_bfc import french

from .. import edits, services
from ..models import Offer
from .offer import OfferForm
from .periods import EMPTY_RANGE_ROWS, MAX_RANGES, PeriodFormSet


class OfferEditor:
    """The offer form and its periods, validated and saved together."""

    prefix = "periodes"
    row_key = re.compile(r"periodes-([0-9]{1,4})-(?:start|end|places)")

    def __init__(
        self,
        data=None,
        *,
        instance: Offer | None = None,
        organisation=None,
        today=None,
        proposed: dict | None = None,
    ):
        self.today = today or timezone.localdate()
        self.instance = instance or Offer()
        if data is not None:
            data = self._with_row_counters(data)
        self.organisation = organisation
        self.form = OfferForm(
            data,
            instance=self.instance,
            organisation=organisation,
            seconde=coming_seconde_period(self.today),
        )
        if proposed:
            self.form.initial.update(_form_values(proposed))
        initial = [
            {"start": p.start, "end": p.end, "places": p.places}
            for p in (self.instance.periods.all() if self.instance.pk else [])
            if p.pk != self.form.seconde_period_id
        ]
        publics = data.getlist("publics") if data is not None else self.instance.publics or []
        self.periods = PeriodFormSet(
            data,
            initial=initial,
            prefix=self.prefix,
            publics=publics,
            form_kwargs={"today": self.today},
        )
        # An edited offer shows its periods plus a few empty rows; a new one, three rows.
        self.periods.extra = EMPTY_RANGE_ROWS if initial else 3

    def _with_row_counters(self, data):
        """Period rows posted without usable counters (a stale page, a proxy, a hand-made
        request) are counted from the rows sent: what was typed is checked and shown again,
        rather than dropped with an error the person cannot fix."""
        total = data.get(f"{self.prefix}-TOTAL_FORMS", "")
        initial = data.get(f"{self.prefix}-INITIAL_FORMS", "")
        counted = re.fullmatch("[0-9]{1,2}", total) and re.fullmatch("[0-9]{1,2}", initial)
        if counted and int(initial) <= int(total) <= MAX_RANGES:
            return data
        rows = [int(match[1]) for key in data if (match := self.row_key.fullmatch(key))]
        data = data.copy()
        # One row over the limit is enough for the "too many periods" error.
        data[f"{self.prefix}-TOTAL_FORMS"] = str(min(max(rows, default=-1) + 1, MAX_RANGES + 1))
        data[f"{self.prefix}-INITIAL_FORMS"] = "0"
        return data

    def is_valid(self) -> bool:
        form_valid = self.form.is_valid()
        periods_valid = self.periods.is_valid()
        if not (form_valid and periods_valid):
            return False
        return self._periods_are_distinct() and self._keeps_taken_places()

    def _periods_are_distinct(self) -> bool:
        """Two periods with the same dates would be saved as one: the places of one lost."""
        dates = [(start, end) for start, end, _ in self.period_values()]
        for start, end in sorted({d for d in dates if dates.count(d) > 1}):
            self.form.add_error(
                None,
                f"Deux périodes vont {french.date_range(start, end)} : gardez-en une, "
                "avec toutes ses places.",
            )
        return len(set(dates)) == len(dates)

    def _keeps_taken_places(self) -> bool:
        """Places already given to pupils cannot be taken back by an edit."""
        period = services.period_losing_taken_places(self.instance, self.period_values())
        if period:
            self.form.add_error(
                None,
                f"La période {french.date_range(period.start, period.end)} a déjà "
                f"{period.places_taken} élève(s) accepté(s) : gardez-la, avec au moins "
                "autant de places.",
            )
        return period is None

    def period_values(self) -> list[tuple[datetime.date, datetime.date, int]]:
        values = []
        if seconde := self.form.seconde_dates():
            values.append(seconde)
        values += [
            (form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["places"])
            for form in self.periods.filled_forms()
        ]
        return sorted(values)

    def has_changed(self) -> bool:
        if self.form.has_changed():
            return True
        if not self.instance.pk:
            return True
        saved = sorted((p.start, p.end, p.places) for p in self.instance.periods.all())
        return saved != self.period_values()

    def save_live(self, actor):
        """A published offer's edit (`edits.edit_live_offer`): (pending revision, changed now)."""
        return edits.edit_live_offer(
            self.form.save(commit=False),
            self.period_values(),
            fields=OfferForm.Meta.fields,
            actor=actor,
        )

    def save(self, actor=None) -> Offer:
        """Save through `services.save_offer` (PlacesTakenMeanwhile if a pupil was accepted
        since `is_valid()`); a new offer belongs to the editor's organisation."""
        offer = self.form.save(commit=False)
        if not offer.pk:
            offer.organisation = self.organisation
        return services.save_offer(
            offer, self.period_values(), fields=OfferForm.Meta.fields, actor=actor
        )


def _form_values(proposed: dict) -> dict:
    """A revision's proposed values as the form's fields show them."""
    values = dict(proposed)
    if "sector_id" in values:
        values["sector"] = values.pop("sector_id")
    if "commune_id" in values:
        commune = Commune.objects.filter(pk=values.pop("commune_id")).first()
        values["commune"] = label(commune) if commune else ""
    if "accessible" in values:
        values["accessible"] = "oui" if values["accessible"] else "non"
    return values
