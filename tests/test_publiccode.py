"""publiccode.yml (Standard for Public Code, version 0.4) has the keys and types the catalogues of public software
require, and agrees with the project: its licence, version and languages."""

import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

TEXT = {"type": "string", "minLength": 1}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
LANGUAGE = {"type": "string", "pattern": "^[a-z]{2,3}$"}

DEPENDENCY = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": TEXT, "versionMin": TEXT, "versionMax": TEXT, "optional": {"type": "boolean"}},
}

DESCRIPTION = {
    "type": "object",
    "required": ["shortDescription", "longDescription", "features"],
    "properties": {
        "localisedName": TEXT,
        "shortDescription": {"type": "string", "minLength": 1, "maxLength": 150},
        "longDescription": {"type": "string", "minLength": 150, "maxLength": 10000},
        "features": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1, "maxLength": 100}},
    },
}

# The parts of the publiccode.yml 0.4 schema the portal's file uses, with the standard's required keys and values.
SCHEMA = {
    "type": "object",
    "required": [
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ],
    "properties": {
        "publiccodeYmlVersion": {"const": "0.4"},
        "name": TEXT,
        "url": {"type": "string", "pattern": "^https://"},
        "softwareVersion": TEXT,
        "releaseDate": DATE,
        "platforms": {"type": "array", "minItems": 1, "items": TEXT, "contains": {"const": "web"}},
        "categories": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[a-z-]+$"}},
        "developmentStatus": {"enum": ["concept", "development", "beta", "stable", "obsolete"]},
        "softwareType": {
            "enum": [
                "standalone/mobile",
                "standalone/iot",
                "standalone/desktop",
                "standalone/web",
                "standalone/backend",
                "standalone/other",
                "addon",
                "library",
                "configurationFiles",
            ]
        },
        "description": {
            "type": "object",
            "required": ["nl", "en"],
            "propertyNames": LANGUAGE,
            "additionalProperties": DESCRIPTION,
        },
        "legal": {
            "type": "object",
            "required": ["license"],
            "properties": {"license": TEXT, "mainCopyrightOwner": TEXT, "repoOwner": TEXT},
        },
        "maintenance": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"enum": ["internal", "contract", "community", "none"]},
                "contacts": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": TEXT, "email": {"type": "string", "pattern": "^[^@ ]+@[^@ ]+$"}},
                    },
                },
            },
            "if": {"properties": {"type": {"enum": ["internal", "community"]}}},
            "then": {"required": ["contacts"], "properties": {"contacts": {"minItems": 1}}},
        },
        "localisation": {
            "type": "object",
            "required": ["localisationReady", "availableLanguages"],
            "properties": {
                "localisationReady": {"type": "boolean"},
                "availableLanguages": {"type": "array", "minItems": 1, "items": LANGUAGE},
            },
        },
        "dependsOn": {
            "type": "object",
            "propertyNames": {"enum": ["open", "proprietary", "hardware"]},
            "additionalProperties": {
                "type": "array",
                "items": DEPENDENCY,
            },
        },
    },
}


@pytest.fixture(scope="module")
def publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_it_is_valid_against_the_schema(publiccode):
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(publiccode), key=lambda e: e.json_path)
    assert [f"{error.json_path}: {error.message}" for error in errors] == []


def test_the_schema_refuses_what_the_standard_refuses(publiccode):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    without_english = {**publiccode, "description": {"nl": publiccode["description"]["nl"]}}
    short_long_description = {
        **publiccode,
        "description": {**publiccode["description"], "en": {**publiccode["description"]["en"], "longDescription": "x"}},
    }

    assert not validator.is_valid({**publiccode, "developmentStatus": "finished"})
    assert not validator.is_valid(without_english)
    assert not validator.is_valid(short_long_description)
    assert not validator.is_valid({key: value for key, value in publiccode.items() if key != "legal"})


def test_it_agrees_with_the_project(publiccode):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    assert publiccode["legal"]["license"] == project["license"] == "EUPL-1.2"
    assert publiccode["softwareVersion"] == project["version"]
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert set(publiccode["localisation"]["availableLanguages"]) == {code for code, _ in settings.LANGUAGES}
    assert {dependency["name"] for dependency in publiccode["dependsOn"]["open"]} == {"PostgreSQL", "Redis"}
