"""HTML that opens offline: each executed notebook exported without code, prompts, stderr or
parameter cells (a bundled nbconvert template drops every script), and ``index.html``
linking the reports."""

from __future__ import annotations

import re
from datetime import datetime
from importlib import resources
from pathlib import Path

from ..safe_text import CSP_META
from ..texts import moment
from .params import Job

TEMPLATES = Path(str(resources.files("osallisuus.reporting") / "templates"))
REMOVE_TAGS = {"parameters", "injected-parameters", "remove_cell"}
#: The runner reads this output of every report: its state and its n, for the index page.
SUMMARY_MIME = "application/vnd.osallisuus.report+json"


_EXPORTERS: dict = {}
#: What nbconvert's HTMLExporter adds with BeautifulSoup to the page it has rendered: a text for
#: an image without one, and outputs that take keyboard focus. Added here to the rendered tags
#: themselves, where BeautifulSoup put them (last): parsing the 400 KiB page and writing it out
#: again took a quarter of each export. Only the template writes tags: text from the data
#: reaches the page escaped.
NO_ALT = re.compile(r"(<img(?![^>]*\salt=)[^>]*?)(\s*/?>)")
FOCUSABLE = re.compile(r'(<div class="[^"]*\bjp-(?:OutputArea-output|Cell-inputWrapper)\b[^"]*"[^>]*)>')


def _exporter(language: str):
    """One HTMLExporter per report language and process (building one loads the templates)."""
    if language not in _EXPORTERS:
        from nbconvert import HTMLExporter
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
        from nbconvert.preprocessors import TagRemovePreprocessor

        class Exporter(HTMLExporter):
            def from_notebook_node(self, nb, resources=None, **kw):
                """HTMLExporter's own steps, with :data:`NO_ALT` and :data:`FOCUSABLE` for its
                BeautifulSoup pass (tests/test_reports.py compares the two)."""
                lexer = nb.metadata.get("language_info", {})
                lexer = lexer.get("pygments_lexer", lexer.get("name", None))
                self.register_filter("highlight_code", self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
                resources = self._init_resources(resources)
                self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources))
                page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
                page = NO_ALT.sub(r'\1 alt="No description has been provided for this image"\2', page)
                return FOCUSABLE.sub(r'\1 tabindex="0">', page), resources

        exporter = Exporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True, exclude_anchor_links=True, language_code=language,
                            optimistic_validation=True)  # the notebook validated once, not after each preprocessor
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=REMOVE_TAGS, enabled=True), enabled=True)
        _EXPORTERS[language] = exporter
    return _EXPORTERS[language]


def export_html(nb, job: Job) -> tuple[str, dict]:
    """Write the report's HTML and its executed notebook (without local paths); return the
    title and the report's own summary (state and n, :data:`SUMMARY_MIME`)."""
    import nbformat

    summary = {}
    for cell in nb.cells:  # no warnings or kernel notices in what people read; the summary is read here
        if cell.cell_type == "code":
            for output in cell.outputs:
                summary.update(output.get("data", {}).get(SUMMARY_MIME, {}))
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
                            and SUMMARY_MIME not in o.get("data", {})]
        if "injected-parameters" in cell.metadata.get("tags", []):  # the data folder is a local path
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                    if not line.startswith(("data_dir =", "figures_dir =")))
    nb.metadata.get("papermill", {}).pop("parameters", None)
    nb.metadata.get("papermill", {}).pop("input_path", None)
    nb.metadata.get("papermill", {}).pop("output_path", None)
    title = summary.pop("title", "") or job.name  # as text: the template escapes it
    nb.metadata["title"] = title
    body, _ = _exporter(job.parameters.get("language", "fi")).from_notebook_node(nb, resources={"csp_meta": CSP_META})
    job.out_html.write_text(body, encoding="utf-8")
    nbformat.write(nb, job.out_ipynb)
    return title, summary


STATES = {"full": "koko raportti", "notice": "vain ilmoitus pienestä ryhmästä", "failed": "virhe"}
MANIFEST = "index.json"


def write_index(outcomes: list, out_dir: Path, data_version: str) -> Path:
    """``index.html`` listing every report in ``out_dir``: this run's outcomes merged with the
    earlier ones still there (``index.json``), each with its n and state, and one timestamp."""
    import json

    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    manifest = out_dir / MANIFEST
    entries = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    made = moment(datetime.now(), "fi")
    for o in outcomes:
        entries[o.name] = {"title": o.title or o.name, "link": o.html.name if o.ok and o.html else "",
                           "error": "" if o.ok else o.error, "state": o.state, "n": o.n, "made": made,
                           "data_version": data_version, **{k: str(v) for k, v in o.details.items()}}
    entries = {k: e for k, e in sorted(entries.items()) if not e["link"] or (out_dir / e["link"]).exists()}
    manifest.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    env = Environment(loader=FileSystemLoader(TEMPLATES / "index"), autoescape=True)
    page = env.get_template("index.html.j2").render(
        csp_meta=Markup(CSP_META),
        rows=[{**e, "state_text": STATES.get(e["state"], e["state"]), "stale": e["data_version"] != data_version}
              for e in entries.values()], made=made,
        done=sum(e["state"] != "failed" for e in entries.values()), total=len(entries), data_version=data_version,
        stale=sorted({e["data_version"] for e in entries.values()} - {data_version}))
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
