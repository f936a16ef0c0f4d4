"""Impact measured: a verified supplier reports its yearly impact from a fixed menu of figures, a coordinator of
its municipality accepts or returns the report, and the accepted figures show on the public profile, add up per
municipality and region, give an impact per euro spent, and reach the council letter. A yearly reminder asks for
the report."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Region
from core.models import AuditEvent
from notifications.models import Notification
from procurement import selectors, services
from procurement.models import AuditAction, ImpactReport, Supplier
from reporting import drafts, figures
from tests.factories import PASSWORD, MunicipalityFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import ProgrammeFactory

from .factories import (
    AwardFactory,
    ImpactReportFactory,
    QuoteFactory,
    SroiRealisationFactory,
    SroiTenderFactory,
    SupplierFactory,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def supplier(entrepreneur):
    return SupplierFactory(organisation=entrepreneur.organisation)


def report_url(year=2020):
    return reverse("procurement:impact_report", args=[year])


def report_data(**overrides):
    data = {
        "persons_employed": "4",
        "fte": "2,5",
        "trainees": "",
        "co2_avoided": "",
        "waste_diverted": "12,75",
        "people_reached": "",
        "volunteers": "3",
        "evidence_url": "",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- filing


def test_a_supplier_files_its_report_with_a_dutch_decimal_comma(client, entrepreneur, supplier):
    client.force_login(entrepreneur)

    response = client.post(report_url(), report_data())

    assert response.status_code == 302
    report = ImpactReport.objects.get(supplier=supplier, year=2020)
    assert report.fte == Decimal("2.5")
    assert report.waste_diverted == Decimal("12.75")
    assert (report.persons_employed, report.trainees, report.status) == (4, None, ImpactReport.Status.SUBMITTED)
    assert report.submitted_by == entrepreneur
    entry = AuditEvent.objects.get(action=AuditAction.IMPACT_REPORTED)
    assert (entry.actor, entry.subject) == (entrepreneur, report)
    listing = client.get(reverse("procurement:impact_reports")).content.decode()
    assert "Wacht op controle" in listing


def test_the_form_shows_each_figure_with_its_definition(client, entrepreneur, supplier):
    client.force_login(entrepreneur)

    page = client.get(report_url()).content.decode()

    for name in ("persons_employed", "fte", "trainees", "co2_avoided", "waste_diverted", "people_reached"):
        assert f'name="{name}"' in page
    assert "36 uur per week is 1 fte" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("persons_employed", "-3", "Een cijfer kan niet negatief zijn."),
        ("fte", "-2,5", "Een cijfer kan niet negatief zijn."),
        ("co2_avoided", "veel", "Voer een getal in, zoals 1.250,50."),
        ("evidence_url", "geen link", "Voer een geldige URL in."),
    ],
)
def test_a_bad_figure_is_explained_and_nothing_is_stored(client, entrepreneur, supplier, field, value, message):
    client.force_login(entrepreneur)

    response = client.post(report_url(), report_data(**{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImpactReport.objects.exists()


def test_a_report_without_any_figure_is_refused(client, entrepreneur, supplier):
    client.force_login(entrepreneur)
    empty = {name: "" for name in report_data()}

    response = client.post(report_url(), empty)

    assert "Vul ten minste één cijfer in" in response.content.decode()
    assert not ImpactReport.objects.exists()


def test_a_year_in_the_future_or_long_ago_does_not_exist(client, entrepreneur, supplier):
    client.force_login(entrepreneur)

    assert client.get(report_url(timezone.localdate().year + 1)).status_code == 404
    assert client.get(report_url(1999)).status_code == 404


def test_only_a_verified_supplier_reports(client, entrepreneur):
    SupplierFactory(organisation=entrepreneur.organisation, status=Supplier.Status.PENDING, verified_at=None)
    client.force_login(entrepreneur)

    assert client.get(report_url()).status_code == 404
    assert client.post(report_url(), report_data()).status_code == 404


def test_evidence_must_be_a_pdf_and_is_only_for_the_supplier_and_its_coordinators(
    client, entrepreneur, supplier, coordinator, other_coordinator
):
    client.force_login(entrepreneur)
    fake = SimpleUploadedFile("jaarverslag.pdf", b"MZ not a pdf", content_type="application/pdf")

    refused = client.post(report_url(), {**report_data(), "evidence": fake})

    assert "Het bewijs is geen pdf-bestand." in refused.content.decode()
    assert not ImpactReport.objects.exists()
    pdf = SimpleUploadedFile("jaarverslag.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(report_url(), {**report_data(), "evidence": pdf})
    report = ImpactReport.objects.get()
    evidence = reverse("procurement:impact_evidence", args=[report.pk])
    assert client.get(evidence).content == PDF_BYTES
    client.force_login(coordinator)
    assert client.get(evidence).status_code == 200
    client.force_login(other_coordinator)
    assert client.get(evidence).status_code == 404


def test_evidence_survives_a_failed_submit(client, entrepreneur, supplier):
    client.force_login(entrepreneur)
    pdf = SimpleUploadedFile("jaarverslag.pdf", PDF_BYTES, content_type="application/pdf")

    failed = client.post(report_url(), {**report_data(fte="-1"), "evidence": pdf})
    assert "Bijgevoegd: jaarverslag.pdf" in failed.content.decode()
    client.post(report_url(), report_data())

    assert ImpactReport.objects.get().evidence.read() == PDF_BYTES


def test_an_accepted_report_can_no_longer_be_changed(client, entrepreneur, supplier, coordinator):
    report = ImpactReportFactory(supplier=supplier)
    services.impact_report_check(report=report, actor=coordinator, accept=True)
    client.force_login(entrepreneur)

    page = client.get(report_url())
    client.post(report_url(), report_data(persons_employed="99"))

    assert 'name="persons_employed"' not in page.content.decode()
    report.refresh_from_db()
    assert (report.persons_employed, report.status) == (10, ImpactReport.Status.ACCEPTED)


# ---------------------------------------------------------------- the check


def test_the_coordinator_accepts_and_the_supplier_is_told(
    client, entrepreneur, supplier, coordinator, django_capture_on_commit_callbacks
):
    report = ImpactReportFactory(supplier=supplier)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("procurement:impact_accept", args=[report.pk]), {"comment": ""})

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.checked_by) == (ImpactReport.Status.ACCEPTED, coordinator)
    assert report.checked_at is not None
    assert Notification.objects.get(recipient=entrepreneur).event == "impact_report_accepted"
    assert [message.to for message in mail.outbox] == [[entrepreneur.email]]
    assert "geaccepteerd" in mail.outbox[0].subject


def test_returning_needs_a_comment_and_the_supplier_files_again(client, entrepreneur, supplier, coordinator):
    report = ImpactReportFactory(supplier=supplier)
    client.force_login(coordinator)
    return_url = reverse("procurement:impact_return", args=[report.pk])

    without = client.post(return_url, {"comment": ""})
    assert "Zeg waarom u de rapportage teruggeeft" in without.content.decode()
    report.refresh_from_db()
    assert report.status == ImpactReport.Status.SUBMITTED
    client.post(return_url, {"comment": "Het aantal fte klopt niet met het jaarverslag."})
    report.refresh_from_db()
    assert report.status == ImpactReport.Status.RETURNED

    client.force_login(entrepreneur)
    assert "Het aantal fte klopt niet" in client.get(report_url()).content.decode()
    client.post(report_url(), report_data(fte="6"))
    report.refresh_from_db()
    assert (report.status, report.fte) == (ImpactReport.Status.SUBMITTED, Decimal("6"))


def test_a_report_is_checked_once(coordinator, supplier):
    report = ImpactReportFactory(supplier=supplier)
    services.impact_report_check(report=report, actor=coordinator, accept=True)

    with pytest.raises(ValidationError):
        services.impact_report_check(report=report, actor=coordinator, accept=False, comment="Toch niet.")


def test_a_coordinator_of_another_municipality_cannot_check(client, supplier, other_coordinator):
    report = ImpactReportFactory(supplier=supplier)
    client.force_login(other_coordinator)

    assert client.post(reverse("procurement:impact_accept", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == ImpactReport.Status.SUBMITTED


def test_the_coordinators_start_page_lists_reports_awaiting_a_check(client, supplier, coordinator, other_coordinator):
    report = ImpactReportFactory(supplier=supplier)
    ImpactReportFactory(supplier=SupplierFactory(organisation__municipality=supplier.organisation.municipality))
    ImpactReportFactory(
        supplier=SupplierFactory(organisation__municipality=supplier.organisation.municipality),
        status=ImpactReport.Status.ACCEPTED,
    )
    client.force_login(coordinator)

    page = client.get(reverse("start")).content.decode()

    assert "Impactrapportages die wachten op controle" in page
    assert reverse("procurement:impact_check", args=[report.pk]) in page
    assert page.count("impact over 2020") == 2
    client.force_login(other_coordinator)
    assert reverse("procurement:impact_check", args=[report.pk]) not in client.get(reverse("start")).content.decode()


# ---------------------------------------------------------------- the public profile


def test_the_public_profile_shows_accepted_figures_only(client, supplier, coordinator):
    accepted = ImpactReportFactory(supplier=supplier, year=2019, persons_employed=17, fte=Decimal("12.50"))
    services.impact_report_check(report=accepted, actor=coordinator, accept=True)
    ImpactReportFactory(supplier=supplier, year=2020, persons_employed=4321)

    page = client.get(supplier.get_absolute_url()).content.decode()

    assert "Gemeten impact" in page
    assert "Impact in 2019" in page and "12,5" in page and ">17<" in page
    assert "Impact in 2020" not in page and "4321" not in page and "4.321" not in page


def test_a_profile_without_accepted_figures_says_so(client, supplier):
    ImpactReportFactory(supplier=supplier)

    page = client.get(supplier.get_absolute_url()).content.decode()

    assert "Nog geen door de gemeente gecontroleerde impactcijfers." in page


# ---------------------------------------------------------------- totals and impact per euro


def accepted_report(supplier, coordinator, **figures):
    report = ImpactReportFactory(supplier=supplier, **figures)
    return services.impact_report_check(report=report, actor=coordinator, accept=True)


def test_accepted_figures_add_up_per_municipality_and_region(groningen, haarlem, coordinator, other_coordinator):
    region = Region.objects.create(name="Noord", slug="noord")
    groningen.region = region
    groningen.save()
    assen = MunicipalityFactory(name="Assen", slug="assen", region=region)
    assen_coordinator = UserFactory(role="coordinator", municipality=assen)
    accepted_report(SupplierFactory(organisation__municipality=groningen), coordinator, persons_employed=10)
    accepted_report(SupplierFactory(organisation__municipality=groningen), coordinator, persons_employed=5)
    accepted_report(SupplierFactory(organisation__municipality=assen), assen_coordinator, persons_employed=7)
    accepted_report(SupplierFactory(organisation__municipality=haarlem), other_coordinator, persons_employed=100)
    ImpactReportFactory(supplier=SupplierFactory(organisation__municipality=groningen), persons_employed=1000)
    accepted_report(SupplierFactory(organisation__municipality=groningen), coordinator, year=2019, persons_employed=50)

    totals = selectors.municipality_impact(groningen, 2020)
    regional = selectors.region_impact(groningen, 2020)

    assert (totals.reports, totals.value("persons_employed"), totals.value("fte")) == (2, 15, Decimal("15.00"))
    assert regional is not None and (regional.reports, regional.value("persons_employed")) == (3, 22)
    assert selectors.region_impact(haarlem, 2020) is None


def test_impact_per_euro_counts_awards_and_sroi_purchases_with_suppliers_that_reported(groningen, coordinator):
    reported = SupplierFactory(organisation__municipality=groningen)
    silent = SupplierFactory(organisation__municipality=groningen)
    elsewhere = SupplierFactory()  # bought from, though based in another municipality
    accepted_report(reported, coordinator, persons_employed=10)
    accepted_report(
        elsewhere, UserFactory(role="coordinator", municipality=elsewhere.organisation.municipality), persons_employed=2
    )
    on = dt.date(2020, 5, 1)
    AwardFactory(
        quote=QuoteFactory(supplier=reported, purchase_request__municipality=groningen),
        amount=Decimal("30000"),
        awarded_on=on,
    )
    AwardFactory(
        quote=QuoteFactory(supplier=silent, purchase_request__municipality=groningen),
        amount=Decimal("90000"),
        awarded_on=on,
    )
    SroiRealisationFactory(
        tender=SroiTenderFactory(municipality=groningen), supplier=elsewhere, amount=Decimal("10000"), date=on
    )
    AwardFactory(
        quote=QuoteFactory(supplier=reported, purchase_request__municipality=groningen),
        amount=Decimal("5000"),
        awarded_on=dt.date(2019, 5, 1),
    )

    per_euro = selectors.impact_per_euro(groningen, 2020)

    assert per_euro.spend == Decimal("40000")
    employed = next(figure for figure in per_euro.figures if figure.name == "persons_employed")
    assert (employed.value, employed.per_100k) == (12, Decimal("30.00"))


def test_impact_per_euro_of_each_year_counts_that_years_spend_and_reports_only(groningen, haarlem, coordinator):
    supplier = SupplierFactory(organisation__municipality=groningen)
    accepted_report(supplier, coordinator, year=2019, persons_employed=3)
    accepted_report(supplier, coordinator, year=2020, persons_employed=10)
    for amount, on in ((Decimal("5000"), dt.date(2019, 5, 1)), (Decimal("40000"), dt.date(2020, 5, 1))):
        AwardFactory(
            quote=QuoteFactory(supplier=supplier, purchase_request__municipality=groningen),
            amount=amount,
            awarded_on=on,
        )

    of_years = selectors.impact_per_euro_of_years(groningen, [2019, 2020, 2021])

    employed = {
        year: next(figure for figure in totals.figures if figure.name == "persons_employed")
        for year, totals in of_years.items()
    }
    assert [(totals.reports, totals.spend) for totals in of_years.values()] == [
        (1, Decimal("5000")),
        (1, Decimal("40000")),
        (0, None),  # a year without spend or reports
    ]
    assert [(one.value, one.per_100k) for one in employed.values()] == [
        (3, Decimal("60.00")),
        (10, Decimal("25.00")),
        (0, None),
    ]
    assert selectors.impact_per_euro_of_years(haarlem, [2020])[2020].spend is None  # a municipality without spend


def test_without_spend_there_is_no_impact_per_euro(groningen, coordinator):
    accepted_report(SupplierFactory(organisation__municipality=groningen), coordinator)

    per_euro = selectors.impact_per_euro(groningen, 2020)

    assert per_euro.spend is None
    assert all(figure.per_100k is None for figure in per_euro.figures)


def test_the_overview_shows_totals_and_impact_per_euro(client, groningen, coordinator):
    supplier = SupplierFactory(organisation__municipality=groningen)
    accepted_report(supplier, coordinator, persons_employed=10, fte=Decimal("7.5"))
    AwardFactory(
        quote=QuoteFactory(supplier=supplier, purchase_request__municipality=groningen),
        amount=Decimal("50000"),
        awarded_on=dt.date(2020, 5, 1),
    )
    client.force_login(coordinator)

    page = client.get(reverse("procurement:impact_overview"), {"year": "2020"}).content.decode()

    assert "Geaccepteerde cijfers van 2020" in page
    assert ">7,5<" in page  # FTE
    assert ">20<" in page  # persons employed per €100,000 of € 50.000
    assert "de geaccepteerde cijfers van de 1 leverancier waar u in 2020 inkocht" in page  # not "1 leveranciers"
    assert client.get(reverse("procurement:impact_overview"), {"year": "nonsense"}).status_code == 200
    # Without a year chosen, the overview opens on the newest year with accepted figures, not an empty last year.
    assert "Geaccepteerde cijfers van 2020" in client.get(reverse("procurement:impact_overview")).content.decode()


# ---------------------------------------------------------------- the council letter


def test_the_letter_figures_hold_the_accepted_impact(groningen, coordinator):
    programme = ProgrammeFactory(municipality=groningen)
    accepted_report(
        SupplierFactory(organisation__municipality=groningen), coordinator, persons_employed=10, fte=Decimal("7.5")
    )
    ImpactReportFactory(supplier=SupplierFactory(organisation__municipality=groningen), persons_employed=99)

    values = figures.collect(programme, 2020)["values"]

    assert values["impact_reports_accepted"]["value"] == 1
    assert values["impact_persons_employed"]["value"] == 10
    assert (Decimal(values["impact_fte"]["value"]), values["impact_fte"]["kind"]) == (Decimal("7.5"), "decimal")
    assert values["impact_persons_employed_last_year"]["value"] == 0
    assert "impact_persons_employed" not in [name for name, _label in figures.box_for("procurement", 5)]


def test_the_first_draft_adds_one_sentence_on_impact_when_there_are_figures(groningen, coordinator):
    programme = ProgrammeFactory(municipality=groningen)
    before = drafts.first_draft(programme, 2020)
    accepted_report(SupplierFactory(organisation__municipality=groningen), coordinator)

    after = drafts.first_draft(programme, 2020)

    assert all("[[impact_persons_employed]]" not in text for text in before.sections.values())
    changed = {number for number, text in after.sections.items() if text != before.sections[number]}
    assert all(after.sections[number].startswith(before.sections[number]) for number in changed)
    assert {number for number in changed if "[[impact_persons_employed]]" in after.sections[number]} == changed
    assert changed == ({5} & set(after.sections))


# ---------------------------------------------------------------- the yearly reminder


SENT_ON_15_JANUARY = timezone.make_aware(dt.datetime(2026, 1, 15, 9, 0))  # noqa: DTZ001 (made aware here)


def reminded():
    return sorted(Notification.objects.values_list("recipient__email", "event"))


def test_the_reminder_asks_from_15_january_once_and_again_after_four_weeks(
    entrepreneur, supplier, django_capture_on_commit_callbacks
):
    colleague = UserFactory(role="entrepreneur", organisation=entrepreneur.organisation)
    filed = SupplierFactory(organisation=OrganisationFactory(municipality=entrepreneur.organisation.municipality))
    filer = UserFactory(role="entrepreneur", organisation=filed.organisation)
    ImpactReportFactory(supplier=filed, year=2025)
    pending = SupplierFactory(status=Supplier.Status.PENDING, verified_at=None)
    UserFactory(role="entrepreneur", organisation=pending.organisation)

    assert services.impact_reminders_send(dt.date(2026, 1, 14)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.impact_reminders_send(dt.date(2026, 1, 15)) == 2
    assert services.impact_reminders_send(dt.date(2026, 1, 16)) == 0
    assert reminded() == sorted([(entrepreneur.email, "impact_report_due"), (colleague.email, "impact_report_due")])
    assert sorted(message.to[0] for message in mail.outbox) == sorted([entrepreneur.email, colleague.email])
    assert "2025" in mail.outbox[0].subject
    assert filer.email not in str(reminded())

    Notification.objects.update(created_at=SENT_ON_15_JANUARY)
    assert services.impact_reminders_send(dt.date(2026, 2, 1)) == 0  # four weeks after 15 January: not yet
    assert services.impact_reminders_send(dt.date(2026, 2, 12)) == 2
    assert services.impact_reminders_send(dt.date(2026, 2, 13)) == 0
    events = [event for _email, event in reminded()]
    assert events.count("impact_report_due_again") == 2


def test_a_supplier_that_filed_after_the_first_reminder_is_not_reminded_again(entrepreneur, supplier):
    services.impact_reminders_send(dt.date(2026, 1, 15))
    Notification.objects.update(created_at=SENT_ON_15_JANUARY)
    ImpactReportFactory(supplier=supplier, year=2025)

    assert services.impact_reminders_send(dt.date(2026, 2, 20)) == 0


# ---------------------------------------------------------------- constant queries


def test_the_pages_take_the_same_number_of_queries_for_few_or_many_reports(
    client, groningen, entrepreneur, supplier, coordinator, django_assert_max_num_queries
):
    def add(count, start):
        for _offset in range(count):
            other = SupplierFactory(organisation__municipality=groningen)
            accepted_report(other, coordinator, year=2020)
            ImpactReportFactory(supplier=other, year=2019)
        for year in range(start, start + count):
            accepted_report(supplier, coordinator, year=year)

    pages = [
        (coordinator, reverse("procurement:impact_overview")),
        (entrepreneur, reverse("procurement:impact_reports")),
        (None, supplier.get_absolute_url()),
    ]
    add(2, 2000)
    counts = {}
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        with django_assert_max_num_queries(20) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    add(25, 2002)
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        with django_assert_max_num_queries(20) as many:
            assert client.get(url).status_code == 200
        assert len(many.captured_queries) == counts[url], url


# ---------------------------------------------------------------- privacy


def test_the_download_holds_the_impact_reports_and_erasure_drops_their_evidence(
    client, entrepreneur, supplier, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)
    pdf = SimpleUploadedFile("jaarverslag.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(report_url(), {**report_data(evidence_url="https://vondst.example.nl/aylin"), "evidence": pdf})
    report = ImpactReport.objects.get()
    services.impact_report_check(report=report, actor=coordinator, accept=True)
    stored = report.evidence.name

    data = client.get(reverse("accounts:my_data_download")).json()["procurement"]["impact_reports"]
    assert data[0]["year"] == 2020 and data[0]["fte"] == "2.50" and data[0]["evidence_file"] is True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    report.refresh_from_db()
    assert (report.evidence.name, report.evidence_url) == ("", "")
    assert not report.evidence.storage.exists(stored)
    assert selectors.municipality_impact(supplier.organisation.municipality, 2020).value("persons_employed") == 4
    assert not any("aylin" in str(vars(entry)) for entry in AuditEvent.objects.filter(object_id=report.pk))
