"""Form data for the procurement tests."""


def registration_data(**overrides) -> dict:
    """A complete registration POST with one product, as the form sends it."""
    data = {
        "description": "Wij verzorgen vergaderlunches met streekproducten.",
        "impact": "Jongeren zonder startkwalificatie halen bij ons een horecadiploma.",
        "impact_first": "on",
        "independent_enterprise": "on",
        "economically_independent": "on",
        "social_governance": "on",
        "code_sociale_ondernemingen": "on",
        "pso_level": "step1",
        "staff_distance_share": "55",
        "postcode": "9712ab",
        "city": "Groningen",
        "delivery_region": "Stad en Ommeland",
        "website": "https://lunchroom.example.nl",
        "contact_name": "Anna de Boer",
        "contact_email": "anna@lunchroom.example.nl",
        "contact_phone": "050 123 45 67",
        "offerings-TOTAL_FORMS": "2",
        "offerings-INITIAL_FORMS": "0",
        "offerings-MIN_NUM_FORMS": "1",
        "offerings-MAX_NUM_FORMS": "50",
        "offerings-0-kind": "product",
        "offerings-0-title": "Vergaderlunch",
        "offerings-0-category": "catering",
        "offerings-0-description": "Broodjes, soep en fruit",
        "offerings-0-price": "12.50",
        "offerings-0-unit": "per persoon",
        "offerings-1-kind": "service",
        "offerings-1-title": "",
        "offerings-1-category": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
