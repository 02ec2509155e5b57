"""The shared legacy samples and what a correct import gives (``../shared/samples``)."""

import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    if not (SAMPLES / "EXPECTED.json").exists():
        pytest.fail(f"the shared samples are missing: {SAMPLES}")
    return SAMPLES


@pytest.fixture(scope="session")
def expected(samples) -> dict:
    return json.loads((samples / "EXPECTED.json").read_text(encoding="utf-8"))
