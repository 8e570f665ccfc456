"""HTML that opens offline: each executed notebook exported without code, prompts, stderr or
parameter cells (a bundled nbconvert template drops every script), and ``index.html``
linking the reports."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path

from .params import Job

TEMPLATES = Path(str(resources.files("osallisuus.reporting") / "templates"))
REMOVE_TAGS = {"parameters", "injected-parameters", "remove_cell"}


_EXPORTERS: dict = {}


def _exporter(language: str):
    """One HTMLExporter per report language and process (building one loads the templates)."""
    if language not in _EXPORTERS:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                                exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                                embed_images=True, exclude_anchor_links=True, language_code=language)
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=REMOVE_TAGS, enabled=True), enabled=True)
        _EXPORTERS[language] = exporter
    return _EXPORTERS[language]


def export_html(nb, job: Job) -> str:
    for cell in nb.cells:  # no warnings or kernel notices in what people read
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    title = _title(nb) or job.name
    nb.metadata["title"] = title
    body, _ = _exporter(job.parameters.get("language", "fi")).from_notebook_node(nb)
    job.out_html.write_text(body, encoding="utf-8")
    return title


def _title(nb) -> str:
    """The first Markdown heading a report displayed."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            if text.startswith("# "):
                return text.splitlines()[0][2:].strip()
    return ""



def write_index(outcomes: list, out_dir: Path, data_version: str) -> Path:
    """``index.html`` linking every report, with its date, data version and any error."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(TEMPLATES / "index"), autoescape=True)
    rows = [{"title": o.title or o.name, "link": o.html.name if o.ok and o.html else "", "error": "" if o.ok else o.error,
             "organization": o.details.get("organization", ""), "unit": o.details.get("unit", "")} for o in outcomes]
    page = env.get_template("index.html.j2").render(
        rows=rows, done=sum(o.ok for o in outcomes), total=len(outcomes), data_version=data_version,
        made=datetime.now().strftime("%d.%m.%Y %H.%M"))
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
