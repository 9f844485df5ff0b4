"""The OpenAPI 3 schema of /api/v1 (served at /api/v1/schema/, snapshot in docs/openapi.yaml)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension

V1_PREFIX = "/api/v1/"

SCHEMA_SETTINGS = {
    "PREPROCESSING_HOOKS": ["delivery.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "delivery.schema.problem_responses",
    ],
    "DESCRIPTION": (
        "The shared trilingual toolbox of the CyberSudoe network: themes, partners, guides, "
        "videos, best practices, events and diagnostic tools, in French, Spanish, Portuguese "
        "and English.\n\n"
        "Every read accepts `lang` and an optional `fallback` chain (`?lang=pt&fallback=es,fr`) "
        "and states the locale it served (`locale`, `fallback`). Reads carry `ETag` and "
        "`Last-Modified` and answer conditional requests with 304. Anonymous use is throttled "
        "per IP; partner keys (`Authorization: Bearer <key>` or `X-API-Key`) have their own "
        "quotas. Errors are `{status, title, detail, errors}`; a 400 names each bad parameter "
        "in `errors`. See docs/api.md for examples."
    ),
}


def only_api_v1(endpoints, **kwargs):
    """Keep /api/v1 only: the admin's and Wagtail v2's views are not part of this contract."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(V1_PREFIX)]


#: What every /api/v1 operation may answer besides its own responses (one policy: keys,
#: quotas, validation and the one error shape of ``delivery.http.problem_exception_handler``).
POLICY_RESPONSES = {
    "400": "A bad parameter or field; `errors` names each one.",
    "401": "Unknown, revoked or expired API key.",
    "403": "Not allowed: outside the key's languages or themes, or not signed in.",
    "404": "Nothing published or visible at this address.",
    "429": "Over quota; wait `retry_after` seconds (also in `Retry-After`).",
}


def problem_responses(result, generator, request, public):
    """Document the policy's error answers, in the one problem shape, on every operation."""
    problem = {"$ref": "#/components/schemas/Problem"}
    assert "Problem" in result.get("components", {}).get("schemas", {}), "no Problem schema"
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status_code, description in POLICY_RESPONSES.items():
                responses.setdefault(
                    status_code,
                    {
                        "content": {"application/json": {"schema": problem}},
                        "description": description,
                    },
                )
    return result


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "delivery.keys.PartnerKeyAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner API key (issued in the admin), as `Authorization: Bearer "
            "<key>` or in an `X-API-Key` header. Optional: without it, reads are anonymous "
            "and throttled per IP.",
        }
