"""The OpenAPI document's common parts, added to every operation by a drf-spectacular postprocessing hook: the
API-Version header on every answer, and the problem-details answers (400, 404, 406, 429) with their schema."""

from django.conf import settings

PROBLEM = "application/problem+json"
VERSION_HEADER = {
    "description": "The full version of the API that answered (semantic versioning).",
    "required": True,
    "schema": {"type": "string", "example": settings.API_VERSION},
}
RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before the next request.",
    "required": False,
    "schema": {"type": "string"},
}
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem; about:blank for none."},
        "title": {"type": "string", "description": "A short summary of the problem."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What went wrong, for a person to read."},
        "instance": {"type": "string", "description": "The request that went wrong."},
        "invalidParams": {
            "type": "array",
            "description": "Each parameter that was not valid, and why.",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
PROBLEMS = {
    "400": "A query parameter is not valid.",
    "404": "Not found, or not public.",
    "406": "The client accepts no JSON.",
    "429": "Too many requests from this client; see Retry-After.",
}


def _problem_response(description: str, status: str) -> dict:
    headers = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
    if status == "429":
        headers["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
    return {
        "description": description,
        "headers": headers,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def add_version_header_and_problems(result, generator, request, public):
    """Every response gets the API-Version header; every operation the problem-details answers."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("headers", {}).update({"API-Version": VERSION_HEADER, "Retry-After": RETRY_AFTER_HEADER})
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
            for status, description in PROBLEMS.items():
                responses.setdefault(status, _problem_response(description, status))
    return result
