"""The worked analysis notebook runs through papermill on the demo data."""


def test_explore_example_runs_and_exports(demo_dir, tmp_path):
    import nbformat  # here, not at the top: importing it costs every test worker seconds (jsonschema)
    import papermill

    from osallisuus.reporting.params import notebooks_dir

    out = tmp_path / "omat"
    executed = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(notebooks_dir() / "explore_example.ipynb"), str(executed), kernel_name="python3",
                               parameters={"data_dir": str(demo_dir), "output_dir": str(out)}, progress_bar=False)
    assert {p.name for p in out.iterdir()} == {"osallisuus_keskiarvot.png", "osallisuus_keskiarvot.pdf",
                                               "taulukko_keskiarvot.xlsx", "taulukko_muutos.xlsx"}
    nb = nbformat.read(executed, as_version=4)
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "n = " in text and "Seurantaan jääneet" in text and "Tallennettu" in text
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "0.000" not in html and "termi" in html  # the OLS table through osa.apa_table
    source = "".join(c.source for c in nb.cells)
    assert "75.2" not in source and "osa.references()" in source
