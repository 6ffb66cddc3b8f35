"""docs/models.md is generated from the models' parameter tables (python/nestor/docs.py); this fails when
the committed file is out of date. Regenerate: /usr/bin/python3 -m nestor.docs > docs/models.md"""

from pathlib import Path

import nestor
from nestor import docs

DOC = Path(__file__).resolve().parents[2] / "docs" / "models.md"


def test_models_doc_is_up_to_date():
    assert DOC.read_text() == docs.models_markdown(), (
        "docs/models.md is out of date: run /usr/bin/python3 -m nestor.docs > docs/models.md"
    )


def test_models_doc_lists_every_model_with_its_parameters():
    text = DOC.read_text()
    for name, model in nestor.models.all_models().items():
        assert f"## {name}\n" in text
        for p in model.params:
            assert f"| `{p}` |" in text


def test_models_doc_lists_every_synapse_model_with_its_parameters():
    text = DOC.read_text()
    for name, model in nestor.all_synapse_models().items():
        assert f"## {name}\n" in text
        for p in model.params:
            assert f"| `{p}` |" in text
