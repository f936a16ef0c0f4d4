"""The signup form under random input (hypothesis): never a 500, and nothing stored unless it is valid."""

from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import Municipality, Organisation, User

text = st.text(max_size=300) | st.sampled_from(["", "<script>alert(1)</script>", "'; DROP TABLE x; --", "1" * 9])
kvk = st.from_regex(r"\A\d{8}\Z") | text


class SignupFuzzTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.municipality = Municipality.objects.create(name="Groningen", slug="groningen", place_name="GRONINGEN")

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        name=text,
        email=st.emails() | text,
        password=text,
        organisation_name=text,
        kind=st.sampled_from(["enterprise", "initiative"]) | text,
        kvk_number=kvk,
        municipality=st.sampled_from(["groningen", ""]) | text,
    )
    def test_it_never_fails_and_stores_only_valid_signups(
        self, name, email, password, organisation_name, kind, kvk_number, municipality
    ):
        cache.clear()  # the rate limit would otherwise answer 429 after a few examples
        municipality_value = str(self.municipality.pk) if municipality == "groningen" else municipality
        response = self.client.post(
            reverse("account_signup"),
            {
                "name": name,
                "email": email,
                "password1": password,
                "password2": password,
                "organisation_name": organisation_name,
                "kind": kind,
                "kvk_number": kvk_number,
                "municipality": municipality_value,
            },
        )

        self.assertLess(response.status_code, 500)
        for user in User.objects.all():
            user.full_clean()
        for organisation in Organisation.objects.all():
            organisation.full_clean()
        if response.status_code == 200:
            self.assertFalse(User.objects.filter(email__iexact=email.strip()).exists())
