"""An export from each list, in a real browser: every coordinator's, buyer's and public list offers its rows as
CSV and as a spreadsheet (.xlsx), both downloads with the list's header; axe on each list page."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.browser.conftest import log_in
from tests.challenges.factories import ApplicationFactory, ChallengeFactory
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.matching.factories import MatchFactory
from tests.procurement.factories import PurchaseRequestFactory, SroiTenderFactory, SupplierFactory
from tests.programmes.factories import (
    ActionLineFactory,
    ActivityFactory,
    IndicatorFactory,
    ProgrammeFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    year = timezone.localdate().year
    line = ActionLineFactory(programme=ProgrammeFactory(municipality=groningen, start_year=year - 1, end_year=year + 1))
    IndicatorFactory(action_line=line)
    ActivityFactory(action_line=line)
    enterprise = OrganisationFactory(municipality=groningen, name="Kringloop De Vondst")
    SupplierFactory(organisation=enterprise)
    MatchFactory(need__municipality=groningen, enterprise=enterprise)
    QuestionFactory(municipality=groningen, subject="Inkoop bij de gemeente")
    challenge = ChallengeFactory(action_line=line, name="Sociale Groninger Ondernemers Challenge")
    ApplicationFactory(challenge=challenge, organisation=enterprise, submitted_at=timezone.now())
    PurchaseRequestFactory(municipality=groningen, title="Koffie voor het stadhuis")
    SroiTenderFactory(municipality=groningen, reference="AB-1")
    return {
        "coordinator": UserFactory(role="coordinator", municipality=groningen),
        "buyer": UserFactory(role="buyer", municipality=groningen),
        "challenge": challenge,
    }


def download(page, name: str) -> tuple[Path, str]:
    with page.expect_download() as started:
        page.get_by_role("link", name=name).first.click()
    return Path(started.value.path()), started.value.suggested_filename


def assert_both_downloads(page, assert_accessible, path: str, csv_link: str) -> None:
    page.goto(path)
    assert_accessible(page)
    csv_file, csv_name = download(page, csv_link)
    xlsx_file, xlsx_name = download(page, "Spreadsheet (.xlsx)")

    header = next(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(xlsx_file.read_bytes())).active
    assert csv_name.endswith(".csv") and xlsx_name == csv_name.removesuffix(".csv") + ".xlsx", path
    assert header and [cell.value for cell in sheet[1]] == header, path
    assert sheet.max_row >= 2, f"{path}: the spreadsheet holds the list's rows"


def test_a_coordinator_downloads_each_list_as_csv_and_as_a_spreadsheet(page, assert_accessible, world):
    log_in(page, world["coordinator"])
    for path, link in [
        ("/matching/matches/", "Deze matches downloaden (CSV)"),
        ("/programma/impactmeldpunt/vragen/", "Deze vragen downloaden (CSV)"),
        ("/programma/dashboard/", "De indicatoren downloaden (CSV)"),
        ("/programma/activiteiten/", "Downloaden als CSV"),
        ("/inkoop/register/", "Register exporteren (CSV)"),
        (f"/programma/challenges/{world['challenge'].pk}/", "Scores downloaden (CSV)"),
    ]:
        assert_both_downloads(page, assert_accessible, path, link)


def test_a_buyer_and_a_visitor_download_their_lists_too(page, assert_accessible, world):
    log_in(page, world["buyer"])
    assert_both_downloads(page, assert_accessible, "/inkoop/inkoopvragen/", "Downloaden als CSV")
    assert_both_downloads(page, assert_accessible, "/inkoop/sroi/", "Downloaden als CSV")
    page.context.clear_cookies()
    assert_both_downloads(page, assert_accessible, "/inkoop/leveranciers/", "Download deze leveranciers (CSV)")
