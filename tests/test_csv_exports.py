"""Every CSV download neutralises cells that a spreadsheet would run as a formula; every spreadsheet (.xlsx)
download stores them as text.

Every free text of every row (names, descriptions, contact details, comments, criteria) starts with one of
=, +, -, @, tab or carriage return; then each export is downloaded through its address and read back.
"""

import csv
import io

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.csv import FORMULA_START, XLSX_CONTENT_TYPE
from programmes.challenges.models import Score
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, CriterionFactory, ReviewFactory
from tests.matching.factories import BuySocialFactory, DealFactory, MatchFactory, OfferFactory
from tests.procurement.factories import (
    OfferingFactory,
    PurchaseRequestFactory,
    SroiRealisationFactory,
    SroiTenderFactory,
    SupplierFactory,
)
from tests.programmes.factories import (
    ActionLineFactory,
    ActivityFactory,
    IndicatorFactory,
    ProgrammeFactory,
    QuestionFactory,
)
from tests.surveys.factories import answer as answer_survey
from tests.surveys.factories import sent_survey
from tests.test_permissions import url_names

APPS = {"accounts", "programmes", "challenges", "matching", "procurement", "reporting", "surveys"}
NOT_EXPORTED = {"password"}


def start_every_free_text_like_a_formula() -> None:
    """Field after field, the next of the formula starts goes before the text (cut to the field's length)."""
    number = 0
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices or field.primary_key:
                continue
            if field.name in NOT_EXPORTED:
                continue
            start = FORMULA_START[number % len(FORMULA_START)]
            start += "HYPERLINK(1)" if field.max_length is None or field.max_length >= 40 else ""
            number += 1
            kept = Substr(field.name, 1, field.max_length - len(start)) if field.max_length else models.F(field.name)
            value = Concat(models.Value(start), kept, output_field=models.TextField())
            model._default_manager.update(**{field.name: value})


@pytest.fixture
def everything_exported(groningen, coordinator, entrepreneur, jury_member, buyer):
    supplier = SupplierFactory(organisation=entrepreneur.organisation, contact_public=True)
    OfferingFactory(supplier=supplier)
    ActivityFactory(action_line__programme__municipality=groningen)
    challenge = ChallengeFactory(action_line__programme__municipality=groningen)
    criterion = CriterionFactory(challenge=challenge, description="Wat telt")
    application = ApplicationFactory(challenge=challenge, organisation=entrepreneur.organisation)
    review = ReviewFactory(application=application, juror=jury_member, submitted_at=timezone.now())
    Score.objects.create(review=review, criterion=criterion, value=7, comment="Sterk plan")
    offer = OfferFactory(municipality=groningen, organisation=entrepreneur.organisation)
    MatchFactory(
        need__municipality=groningen,
        need__organisation__kvk_number="70900001",
        offer=offer,
        enterprise=entrepreneur.organisation,
    )
    QuestionFactory(municipality=groningen, organisation_name="Buurtkracht", handler=coordinator)
    marketplace = BuySocialFactory(municipality=groningen)
    DealFactory(beursvloer=marketplace, enterprise=entrepreneur.organisation, company__kvk_number="71000001")
    SroiRealisationFactory(tender=SroiTenderFactory(municipality=groningen, reference="AB-1"), supplier=supplier)
    PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    year = timezone.localdate().year
    programme = ProgrammeFactory(municipality=groningen, start_year=year, end_year=year)
    IndicatorFactory(action_line=ActionLineFactory(programme=programme))
    survey = sent_survey(coordinator)
    answer_survey(entrepreneur, survey, text="Meer inkopers")
    start_every_free_text_like_a_formula()
    return {
        "procurement:directory_export": {},
        "procurement:register_export": {},
        "procurement:requests_export": {},
        "procurement:tenders_export": {},
        "programmes:activity_export": {},
        "programmes:question_export": {},
        "programmes:indicator_export": {},
        "matching:match_export": {},
        "matching:deal_export": {"pk": marketplace.pk},
        "challenges:challenge_export": {"pk": challenge.pk},
        "surveys:result_export": {"pk": survey.pk},
    }


BY_BUYER = {"procurement:requests_export", "procurement:tenders_export"}


def test_it_covers_every_export_of_the_portal(everything_exported):
    exports = {name for name in url_names() if "export" in name}
    assert exports == set(everything_exported)


EXPORTS = [
    "procurement:directory_export",
    "procurement:register_export",
    "procurement:requests_export",
    "procurement:tenders_export",
    "programmes:activity_export",
    "programmes:question_export",
    "programmes:indicator_export",
    "matching:match_export",
    "matching:deal_export",
    "challenges:challenge_export",
    "surveys:result_export",
]


@pytest.mark.parametrize("url_name", EXPORTS)
def test_no_cell_of_an_export_starts_like_a_formula(client, coordinator, buyer, everything_exported, url_name):
    client.force_login(buyer if url_name in BY_BUYER else coordinator)
    query = {"state": ""} if url_name == "programmes:question_export" else {}
    response = client.get(reverse(url_name, kwargs=everything_exported[url_name]), query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert len(rows) >= 2, rows
    offending = [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert offending == []
    neutralised = {cell[1] for cell in cells if cell.startswith("'") and cell[1:].startswith(FORMULA_START)}
    assert len(neutralised) >= 2, f"the test's values did not reach {url_name}: {rows}"


@pytest.mark.parametrize("url_name", EXPORTS)
def test_the_spreadsheet_of_an_export_holds_the_same_cells_and_no_formula(
    client, coordinator, buyer, everything_exported, url_name
):
    client.force_login(buyer if url_name in BY_BUYER else coordinator)
    query = {"state": ""} if url_name == "programmes:question_export" else {}
    address = reverse(url_name, kwargs=everything_exported[url_name])
    as_csv = client.get(address, query)
    response = client.get(address, {**query, "format": "xlsx"})

    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell for cell in cells if cell.data_type == "f"] == []
    csv_rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8").removeprefix("\ufeff")), delimiter=";"))
    sheet_rows = [["" if cell.value is None else str(cell.value) for cell in row] for row in sheet.iter_rows()]
    assert len(sheet_rows) == len(csv_rows) >= 2
    # XML keeps no carriage return: a spreadsheet reads one as a new line
    assert sheet_rows[0] == [cell.removeprefix("'").replace("\r", "\n") for cell in csv_rows[0]]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert any(text.startswith(FORMULA_START) for text in texts), "kept as text, as typed"
