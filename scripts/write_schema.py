"""Write schema/kg.schema.json: the JSON Schema of every record, generated from kg/model.py."""

import json
from pathlib import Path

from kg.model import json_schemas

path = Path(__file__).resolve().parent.parent / "schema" / "kg.schema.json"
path.write_text(json.dumps(json_schemas(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
print(f"wrote {path}")
