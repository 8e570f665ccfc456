"""The student's notebook (notebooks/opinnayte_esimerkki.ipynb) runs and uses only the public API."""

import json

import pytest

from osallisuus.reporting.params import notebooks_dir

pytestmark = pytest.mark.e2e
NOTEBOOK = notebooks_dir() / "opinnayte_esimerkki.ipynb"


def test_uses_only_the_public_api():
    import nbformat  # here, not at the top: importing it costs every test worker seconds (jsonschema)

    code = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code")
    imports = [line for line in code.splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["from pathlib import Path", "import osallisuus as osa"]
    assert "osallisuus." not in code.replace("osallisuus as osa", "")  # no private modules


def test_runs_and_writes_the_finnish_apa_table(tmp_path):
    import nbformat
    import papermill

    out = tmp_path / "opinnayte"
    executed = tmp_path / "executed.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(executed), kernel_name="python3", progress_bar=False,
                               parameters={"output_dir": str(out)})
    assert {p.name for p in out.iterdir()} == {"taulukko1.xlsx", "taulukko1.html", "kuva1.png"}
    nb = nbformat.read(executed, as_version=4)
    text = json.dumps([o for c in nb.cells if c.cell_type == "code" for o in c.outputs], ensure_ascii=False)
    assert "α = 0," in text and "d_z" in text and "g_av" in text and "Muutos [95" in text
    assert "p\\u00a0=" not in text and "0,000" not in text
