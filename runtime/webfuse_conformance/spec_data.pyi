# The generator writes spec_data.py (the API as the checks need it) into the built package; this
# stub types it for checking the runtime modules where they live.
from typing import Any

DATA: dict[str, Any]
