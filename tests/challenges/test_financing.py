"""The financing table: the coordinator sets it up, invites financiers by e-mail and puts finalists' plans
forward; each financier opens their secret link (no account), sees those plans and nothing else, and pledges
until the coordinator closes the table; the coordinator confirms who is financed, which the funnel, the
dashboard and the council letter count."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.privacy import erase_personal_data
from programmes.challenges import services
from programmes.challenges.models import Financier, Pledge, Stage, TablePlan
from programmes.challenges.privacy import ERASED_EMAIL, financiers_erase_expired_details
from programmes.challenges.selectors import challenge_figures, challenge_funnel, yearly_financing
from reporting.drafts import first_draft
from reporting.figures import collect
from tests.challenges.factories import (
    PDF_BYTES,
    ApplicationFactory,
    ChallengeFactory,
    FinancierFactory,
    FinancingTableFactory,
    TablePlanFactory,
)
from tests.factories import UserFactory
from tests.programmes.helpers import dutch, shows


@pytest.fixture
def table(groningen):
    return FinancingTableFactory(challenge__action_line__programme__municipality=groningen)


@pytest.fixture
def plan(table):
    return TablePlanFactory(
        table=table,
        application__title="Fietsfabriek Noord",
        application__summary="Fietsen opknappen met statushouders.",
        application__pitch=SimpleUploadedFile("pitch.pdf", PDF_BYTES, content_type="application/pdf"),
    )


@pytest.fixture
def financier(table):
    return FinancierFactory(table=table, name="Marloes ter Horst", organisation="Twentse Ontwikkelingsmaatschappij")


def link(financier, token=None):
    return reverse("challenges:financier_table", kwargs={"pk": financier.pk, "token": token or financier.token})


def pledge(client, financier, plan, **data):
    fields = {"decision": "pledged", "amount": "12.500,50", "kind": "grant"} | data
    return client.post(link(financier), {"plan": plan.pk, **{f"plan{plan.pk}-{k}": v for k, v in fields.items()}})


# ---------------------------------------------------------------- the coordinator sets up and invites


def test_the_coordinator_sets_up_a_table_and_invites_a_financier_who_gets_a_working_link(
    client, coordinator, groningen, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen)
    client.force_login(coordinator)
    url = reverse("challenges:financing_table", kwargs={"pk": challenge.pk})
    response = client.post(url, {"held_on": "2026-12-10", "place": "Enschede", "description": "Pitches"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("challenges:financing_invite", kwargs={"pk": challenge.pk}),
            {"name": "Bram Nijhuis", "organisation": "Rabobank Fonds", "email": "bram@fonds.test"},
        )
    assert response.status_code == 302
    [invitation] = mail.outbox
    assert invitation.to == ["bram@fonds.test"] and "financieringstafel" in invitation.subject.lower()
    path = re.search(r"https?://[^/\s]+(/\S+)", invitation.body).group(1)
    client.logout()
    assert client.get(path).status_code == 200
    financier = Financier.objects.get()
    assert len(financier.token) >= 43  # 256 bits, URL-safe


def test_inviting_the_same_address_twice_is_refused_with_a_message(client, coordinator, financier):
    client.force_login(coordinator)
    local, domain = financier.email.split("@")
    again = f"{local.upper()}@{domain}"
    response = client.post(
        reverse("challenges:financing_invite", kwargs={"pk": financier.table.challenge_id}),
        {"name": "Iemand", "organisation": "Fonds", "email": again},
    )
    assert response.status_code == 400
    assert shows(response, "%(email)s has already been invited to this table.", email=again)
    assert Financier.objects.count() == 1


def test_only_coached_participants_finalists_and_winners_can_be_put_forward(coordinator, table):
    applied = ApplicationFactory(challenge=table.challenge, stage=Stage.APPLIED)
    with pytest.raises(ValidationError):
        services.plan_present(actor=coordinator, table=table, application=applied, requested_amount=Decimal(1000))
    finalist = ApplicationFactory(challenge=table.challenge, stage=Stage.FINALIST)
    services.plan_present(actor=coordinator, table=table, application=finalist, requested_amount=Decimal(1000))
    assert TablePlan.objects.get().application == finalist


# ---------------------------------------------------------------- the secret link


def test_the_link_shows_the_plans_put_forward_and_nothing_else(client, plan, financier):
    hidden = ApplicationFactory(challenge=plan.table.challenge, stage=Stage.FINALIST, title="Niet voorgedragen plan")
    response = client.get(link(financier))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fietsfabriek Noord" in page and "Fietsen opknappen met statushouders." in page
    assert "25.000,00" in page  # the requested amount, written the Dutch way
    assert hidden.title not in page
    assert response["Referrer-Policy"] == "same-origin"  # the link does not leave for other sites
    pitch = reverse(
        "challenges:financier_pitch", kwargs={"pk": financier.pk, "token": financier.token, "plan": plan.pk}
    )
    assert pitch in page
    assert client.get(pitch).content.startswith(b"%PDF-")


def test_a_wrong_token_or_another_financiers_token_gives_404(client, plan, financier):
    other = FinancierFactory(table=financier.table)
    assert client.get(link(financier, "x" * len(financier.token))).status_code == 404
    assert client.get(link(financier, other.token)).status_code == 404
    assert pledge(client, financier, plan) is not None
    wrong = reverse("challenges:financier_table", kwargs={"pk": financier.pk, "token": other.token})
    assert client.post(wrong, {"plan": plan.pk}).status_code == 404


def test_a_financier_cannot_reach_a_plan_or_pitch_of_another_table(client, plan, financier, groningen):
    elsewhere = TablePlanFactory(
        table__challenge__action_line__programme__municipality=groningen,
        application__pitch=SimpleUploadedFile("pitch.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    pitch = reverse(
        "challenges:financier_pitch", kwargs={"pk": financier.pk, "token": financier.token, "plan": elsewhere.pk}
    )
    assert client.get(pitch).status_code == 404
    response = pledge(client, financier, elsewhere)
    assert response.status_code == 302 and not Pledge.objects.exists()


# ---------------------------------------------------------------- pledging


def test_a_financier_pledges_with_a_dutch_amount_and_changes_it_later(client, plan, financier):
    response = pledge(client, financier, plan)
    assert response.status_code == 302
    saved = Pledge.objects.get()
    assert (saved.amount, saved.kind, saved.decision, saved.recorded_by) == (
        Decimal("12500.50"),
        "grant",
        "pledged",
        None,
    )
    pledge(client, financier, plan, decision="declined", amount="", kind="loan")
    saved.refresh_from_db()
    assert (saved.decision, saved.amount, saved.kind) == ("declined", None, "loan")
    assert Pledge.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "-5"}, "An amount is more than zero."),
        ({"amount": "0"}, "An amount is more than zero."),
        ({"amount": "99.999.999.999"}, "An amount is at most ten million euros."),
        ({"amount": "veel"}, None),
        ({"amount": ""}, "Enter the amount you pledge."),
        ({"kind": "cash"}, None),
        ({"decision": "maybe"}, None),
    ],
)
def test_a_bad_pledge_is_refused_with_a_message_and_changes_nothing(client, plan, financier, data, message):
    response = pledge(client, financier, plan, **data)
    assert response.status_code == 400
    assert not Pledge.objects.exists()
    if message:
        assert shows(response, message)
    assert (
        'class="utrecht-form-field-error-message' in response.content.decode() or "error" in response.content.decode()
    )


def test_two_financiers_saving_at_once_keep_their_own_pledges(client, plan, financier):
    other = FinancierFactory(table=financier.table)
    first, second = client, type(client)()
    first.get(link(financier))
    second.get(link(other))
    pledge(first, financier, plan, amount="10.000")
    pledge(second, other, plan, amount="5.000", kind="loan")
    pledges = {p.financier_id: (p.amount, p.kind) for p in Pledge.objects.all()}
    assert pledges == {financier.pk: (Decimal(10000), "grant"), other.pk: (Decimal(5000), "loan")}


def test_a_closed_table_refuses_changes_with_a_clear_message(client, coordinator, plan, financier):
    pledge(client, financier, plan, amount="1.000")
    services.financing_table_close(actor=coordinator, table=plan.table)
    response = pledge(client, financier, plan, amount="2.000")
    assert response.status_code == 302
    page = client.get(response.url)
    assert shows(page, "The financing table has been closed; nothing can be changed any more.")
    assert Pledge.objects.get().amount == Decimal(1000)
    assert 'name="plan"' not in page.content.decode()  # no form any more
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:financing_invite", kwargs={"pk": plan.table.challenge_id}),
        {"name": "Laat", "organisation": "Fonds", "email": "laat@fonds.test"},
        follow=True,
    )
    assert shows(response, "The financing table has been closed; nothing can be changed any more.")
    assert Financier.objects.count() == 1
    with pytest.raises(ValidationError):
        services.plan_confirm_financed(actor=coordinator, plan=plan)


def test_the_coordinator_records_a_pledge_on_a_financiers_behalf(client, coordinator, plan, financier):
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:financing_pledge", kwargs={"pk": plan.table.challenge_id}),
        {"financier": financier.pk, "plan": plan.pk, "decision": "pledged", "amount": "7.500", "kind": "equity"},
    )
    assert response.status_code == 302
    saved = Pledge.objects.get()
    assert (saved.amount, saved.kind, saved.recorded_by) == (Decimal(7500), "equity", coordinator)


# ---------------------------------------------------------------- financed, and the figures


def test_a_plan_is_financed_once_pledged_and_confirmed_and_the_figures_count_it(client, coordinator, plan, financier):
    client.force_login(coordinator)
    confirm = reverse("challenges:financing_confirm", kwargs={"pk": plan.pk})
    response = client.post(confirm, follow=True)
    assert shows(response, "A plan is financed once at least one financier has pledged money to it.")
    pledge(client, financier, plan, amount="20.000")
    other = FinancierFactory(table=financier.table)
    pledge(client, other, plan, decision="interested", amount="50.000")
    assert client.post(confirm).status_code == 302
    funnel = challenge_funnel(plan.table.challenge)
    assert (funnel.presented, funnel.financed, funnel.financed_amount) == (1, 1, Decimal(20000))
    assert [stage.stage for stage in funnel.stages][-2:] == ["presented", "financed"]
    detail = client.get(plan.table.challenge.get_absolute_url())
    assert 'data-figure="funnel-financed">1<' in detail.content.decode()
    programme = plan.table.challenge.action_line.programme
    year = plan.table.challenge.year
    figures = challenge_figures(programme, year)
    assert (figures.presented, figures.financed, figures.financed_amount) == (1, 1, Decimal(20000))
    assert yearly_financing(programme, year) == {
        "challenge_financed": 1,
        "challenge_financed_amount": Decimal(20000),
    }


def test_the_letter_and_the_dashboard_show_the_amount_financed(client, coordinator, plan, financier):
    pledge(client, financier, plan, amount="20.000")
    services.plan_confirm_financed(actor=coordinator, plan=plan)
    programme = plan.table.challenge.action_line.programme
    year = plan.table.challenge.year
    values = collect(programme, year)["values"]
    assert Decimal(values["challenge_financed_amount"]["value"]) == 20000
    assert values["challenge_financed"]["value"] == 1
    draft = first_draft(programme, year)
    assert "[[challenge_financed_amount]]" in draft.sections[plan.table.challenge.action_line.number]
    client.force_login(coordinator)
    page = client.get(reverse("programmes:dashboard"), {"year": year}).content.decode()
    assert 'data-figure="financed-amount">€&nbsp;20.000<' in page


def test_without_a_financing_table_the_letter_has_no_sentence_about_it(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen)
    programme = challenge.action_line.programme
    draft = first_draft(programme, challenge.year)
    assert all("challenge_financed" not in text for text in draft.sections.values())
    assert [stage.stage for stage in challenge_funnel(challenge).stages][-1] == "winner"


# ---------------------------------------------------------------- personal data


def test_erasing_the_account_of_a_financiers_address_erases_their_name_and_link(client, plan, financier):
    pledge(client, financier, plan, amount="1.000")
    user = UserFactory(email=financier.email)
    erase_personal_data(user)
    financier.refresh_from_db()
    assert (financier.name, financier.email) == ("—", ERASED_EMAIL)
    assert client.get(link(financier, "x" * 43)).status_code == 404
    assert Pledge.objects.get().amount == Decimal(1000)  # the figures keep it


def test_financiers_details_go_a_year_after_their_table_closed(coordinator, financier):
    from datetime import timedelta

    from django.utils import timezone

    services.financing_table_close(actor=coordinator, table=financier.table)
    assert financiers_erase_expired_details() == 0
    assert financiers_erase_expired_details(now=timezone.now() + timedelta(days=366)) == 1
    financier.refresh_from_db()
    assert financier.email == ERASED_EMAIL and financier.organisation == "Twentse Ontwikkelingsmaatschappij"


def test_the_export_of_a_financiers_account_holds_their_pledges(client, plan, financier):
    from core.privacy import exporters

    pledge(client, financier, plan, amount="1.000")
    exported = exporters()["challenges"](UserFactory(email=financier.email))
    [entry] = exported["financing_tables"]
    assert entry["name"] == "Marloes ter Horst" and entry["pledges"][0]["amount"] == "1000.00"


def test_dutch_messages_are_translated():
    assert dutch("The financing table has been closed; nothing can be changed any more.") != (
        "The financing table has been closed; nothing can be changed any more."
    )
