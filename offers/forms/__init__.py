"""The offers app's forms: the offer (`offer`), its date ranges (`periods`), both bound
together for the employer's page (`editor`), and the moderator's decisions (`moderation`)."""

from .editor import OfferEditor
from .moderation import PriorityForm, RefuseRevisionForm, RejectForm, RequestChangesForm
from .offer import OfferForm
from .periods import PeriodForm, PeriodFormSet

__all__ = [
    "OfferEditor",
    "OfferForm",
    "PeriodForm",
    "PeriodFormSet",
    "PriorityForm",
    "RefuseRevisionForm",
    "RejectForm",
    "RequestChangesForm",
]
