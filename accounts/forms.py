from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from reference.models import School
from stages_bfc.forms import SingleLineCharField

from .attachments import ACADEMY_DOMAINS
from .models import User
from .roles import (
    SIGNUP_CHOICES,
    SIGNUP_PROFILES,
    signs_up_with_academic_email,
    signs_up_with_school,
)

ACADEMIC_DOMAINS = tuple(ACADEMY_DOMAINS.values())


def is_academic_email(email):
    domain = email.rpartition("@")[2].lower()
    return domain in ACADEMIC_DOMAINS


def school_choices():
    """Schools grouped by department, for a <select> with one <optgroup> per department."""
    groups = {}
    schools = School.objects.select_related("commune__department").order_by(
        "commune__department__code", "name"
    )
    for school in schools:
        department = school.commune.department
        groups.setdefault(str(department), []).append((school.pk, str(school)))
    return [("", "Choisissez un établissement"), *groups.items()]


class SignupForm(AllauthSignupForm):
    first_name = SingleLineCharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = SingleLineCharField(
        label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    role = forms.ChoiceField(label="Vous êtes", choices=SIGNUP_CHOICES, widget=forms.RadioSelect)
    school = forms.ModelChoiceField(
        label="Établissement scolaire",
        queryset=School.objects.all(),
        required=False,
        help_text="Obligatoire pour les élèves et les personnels d'établissement.",
    )

    # An entry that chose the role (SIGNUP_PROFILES), kept through the POST.
    profil = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["first_name", "last_name", "role", "school", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile_role = self._profile_role()
        if self.profile_role:
            # The role is known: no choice to make, and no list of 500 schools to scroll.
            self.fields["profil"].initial = self._profile()
            self.fields["role"].initial = self.profile_role
            self.fields["role"].widget = forms.HiddenInput()
            del self.fields["school"]
        else:
            self.fields["school"].choices = school_choices()
        request = allauth_context.request
        if not self.is_bound and request is not None and request.GET.get("email"):
            self.fields["email"].initial = request.GET["email"][:254]
        self.fields["email"].label = "Adresse e-mail"
        # allauth would silently cut a longer address to the column's length.
        email_length = User._meta.get_field("email").max_length
        self.fields["email"].max_length = email_length
        self.fields["email"].validators.append(MaxLengthValidator(email_length))
        self.fields["email"].widget.attrs["maxlength"] = str(email_length)
        self.fields["email"].help_text = (
            "Votre adresse professionnelle : vos collègues pourront vous inviter avec elle."
            if self.profile_role
            else "Personnels d'établissement : utilisez votre adresse académique "
            "(@ac-dijon.fr ou @ac-besancon.fr)."
        )
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()
        # Labels are shown: placeholders would only repeat them.
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)

    def _profile(self) -> str:
        if self.is_bound:
            return self.data.get("profil", "")
        request = allauth_context.request
        return request.GET.get("profil", "") if request is not None else ""

    def _profile_role(self):
        return SIGNUP_PROFILES.get(self._profile())

    def full_clean(self):
        if self.is_bound and self.profile_role:
            # The entry's role, whatever the hidden field was changed to.
            self.data = self.data.copy()
            self.data["role"] = self.profile_role
        super().full_clean()

    def clean(self):
        cleaned_data = super().clean()
        role = cleaned_data.get("role")
        if signs_up_with_school(role):
            if not cleaned_data.get("school") and "school" not in self.errors:
                self.add_error("school", "Choisissez votre établissement scolaire.")
        else:
            cleaned_data["school"] = None
        email = cleaned_data.get("email")
        if signs_up_with_academic_email(role) and email and not is_academic_email(email):
            self.add_error(
                "email",
                ValidationError(
                    "Les personnels d'établissement s'inscrivent avec leur adresse académique, "
                    "qui se termine par @ac-dijon.fr ou @ac-besancon.fr.",
                    code="not_academic",
                ),
            )
        return cleaned_data


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Adresse e-mail"
        # Labels are shown: placeholders would only repeat them.
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("Mot de passe incorrect.", code="password_incorrect")
        return password

    def clean(self):
        cleaned = super().clean()
        if organisation := last_member_with_live_offers(self.user):
            raise ValidationError(
                f"Vous êtes le dernier membre de « {organisation.name} », qui a des offres en "
                "ligne ou en modération : invitez d'abord un collègue, ou retirez ces offres.",
                code="last_member",
            )
        return cleaned


# Offer states someone must answer for: in moderation, online, or with pupils placed.
ANSWERED_FOR = ["submitted", "published", "filled"]


def last_member_with_live_offers(user):
    """The user's organisation, when nobody else could answer for its live offers."""
    membership = getattr(user, "membership", None)
    if membership is None:
        return None
    organisation = membership.organisation
    others = organisation.memberships.active().exclude(user=user)
    if others.exists() or not organisation.offers.filter(state__in=ANSWERED_FOR).exists():
        return None
    return organisation
