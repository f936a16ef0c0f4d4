from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from . import services


class AccountAdapter(DefaultAccountAdapter):
    """Creates the organisation together with the user who signs up."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = translation.get_language()  # the e-mails follow the language the user signed up in
        data = form.cleaned_data
        services.organisation_founder_signup(
            user=user,
            name=data["name"],
            organisation_name=data["organisation_name"],
            kind=data["kind"],
            kvk_number=data.get("kvk_number"),
            municipality=data["municipality"],
            themes=data["themes"],
        )
        return user

    def get_login_redirect_url(self, request):
        return reverse("accounts:home")
