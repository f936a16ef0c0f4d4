"""A developer reads the open-data API's documentation in the portal, in Dutch and in English, follows the link
to the OpenAPI document and reads a list in the browser. axe on the documentation in both languages."""

import json

import pytest
from playwright.sync_api import expect

from tests.api.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_developer_reads_the_documentation_and_the_data(page, assert_accessible):
    build_world()
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", level=1, name="Open data (API)")).to_be_visible()
    expect(page.get_by_role("heading", name="Hoe u het gebruikt")).to_be_visible()
    expect(page.get_by_role("heading", name="GET /api/v1/suppliers", exact=True)).to_be_visible()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="How to use it")).to_be_visible()
    expect(page.get_by_role("cell", name="Only this impact theme.").first).to_be_visible()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="/api/v1/openapi.json").click()
    document = json.loads(page.locator("body").inner_text())
    assert document["info"]["version"] == "1.0.0"

    response = page.goto("/api/v1/suppliers?region=regio-noord")
    assert response is not None and response.headers["api-version"] == "1.0.0"
    assert [supplier["name"] for supplier in response.json()["results"]] == ["Kringloop De Vondst"]
