"""Validates response examples against their own schemas, for `cargo xtask corpus`.

Usage: validate_examples.py DOCUMENT.json CASES.json > RESULTS.json

DOCUMENT is the whole OpenAPI document as JSON (as written, not rewritten to
3.0); CASES is a list of {"schema": "<JSON pointer into DOCUMENT>", "value":
<example>}. Prints one entry per case: null when the example is valid, else
a one-line reason. `$ref`s resolve against the whole document.

OpenAPI 3.0 documents are checked with `OAS30ReadValidator` (3.0 semantics:
`nullable`, draft-4 bounds, and read context, since these are responses);
3.1 documents with `OAS31Validator` (JSON Schema 2020-12). `format` is
checked for the OpenAPI numeric formats plus `date-time`, `date` and `uuid`,
exactly the string formats the generated code gives a Rust type to; other
formats stay annotations, as JSON Schema says.
"""

import json
import sys
from urllib.parse import quote

from jsonschema import FormatChecker
from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS30ReadValidator, OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

DOCUMENT_URI = "urn:openapi-document"


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        document = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        cases = json.load(f)
    is_31 = str(document.get("openapi", "")).startswith("3.1")
    validator_class = OAS31Validator if is_31 else OAS30ReadValidator
    resource = Resource(contents=document, specification=DRAFT202012 if is_31 else DRAFT4)
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    formats = FormatChecker(formats=["date-time", "date", "uuid"])
    formats.checkers.update(validator_class.FORMAT_CHECKER.checkers)
    results = []
    for case in cases:
        schema = {"$ref": DOCUMENT_URI + "#" + quote(case["schema"], safe="/~")}
        validator = validator_class(schema, registry=registry, format_checker=formats)
        try:
            error = best_match(validator.iter_errors(case["value"]))
        except Exception as e:  # an unresolvable $ref, a bad pattern: the document's problem
            results.append(f"cannot validate: {type(e).__name__}: {e}"[:300])
            continue
        if error is None:
            results.append(None)
        else:
            where = error.json_path
            results.append(f"{where}: {error.message}"[:300])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
