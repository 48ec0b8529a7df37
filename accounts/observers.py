"""Observer accounts (people of the academies, departments and the State who read the
Region's figures and nothing personal), created by Region staff only.

An observer is made without a password, their address marked verified (Region staff vouch
for it), and gets allauth's password-reset e-mail, which sets their password: the link
proves they read that mailbox. No second factor: the figures hold no personal data.
"""

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from django import forms
from django.db import transaction

from stages_bfc.forms import SingleLineCharField

from .models import User
from .roles import observer_accounts


class ObserverForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail professionnelle", max_length=254)
    first_name = SingleLineCharField(label="Prénom", max_length=150)
    last_name = SingleLineCharField(label="Nom", max_length=150)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Un compte existe déjà avec cette adresse.")
        return email


def observers():
    """Every observer account, active ones first."""
    return User.objects.filter(observer_accounts()).order_by("-is_active", "email")


def create_observer(request, data: dict) -> User:
    """The account, and (after commit) the e-mail that lets its owner choose a password."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=data["email"],
            password=None,
            role=User.Role.OBSERVER,
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    reset = ResetPasswordForm(data={"email": user.email})
    if reset.is_valid():
        reset.save(request)
    return user


def set_active(user: User, active: bool) -> None:
    """An observer's access closed (or opened again); the account and its history stay."""
    User.objects.filter(observer_accounts(), pk=user.pk).update(is_active=active)
