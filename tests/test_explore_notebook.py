"""The worked analysis notebook runs through papermill on the demo data."""

import nbformat
import papermill


def test_explore_example_runs_and_exports(demo_dir, tmp_path):
    from osallisuus.reporting.params import notebooks_dir

    out = tmp_path / "omat"
    executed = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(notebooks_dir() / "explore_example.ipynb"), str(executed), kernel_name="python3",
                               parameters={"data_dir": str(demo_dir), "output_dir": str(out)}, progress_bar=False)
    assert {p.name for p in out.iterdir()} == {"osallisuus_keskiarvot.png", "osallisuus_keskiarvot.pdf",
                                               "osallisuus_tulokset.xlsx"}
    nb = nbformat.read(executed, as_version=4)
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "n = " in text and "Seurantaan jääneet" in text and "Tallennettu" in text
