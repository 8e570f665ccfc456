"""Reports in batch: params files, papermill execution and self-contained HTML.

One YAML per report in ``params/`` names the notebook template and its parameters. Every file
is checked against the template's parameters (``papermill.inspect_notebook``) and the data
before anything runs. Reports run in a process pool (workers <= cores); each worker starts one
kernel (IPC transport, so no ports to race for and no "running over TCP" notice) and reuses it
for its reports, clearing the namespace in between: starting a kernel and importing pandas,
statsmodels and seaborn is most of a report's time (tooling.md). Each report is exported to
HTML that opens offline (code, prompts, stderr and parameter cells hidden) with the executed
notebook kept beside it; ``index.html`` links them all. A failing report does not stop the
others.
"""

from __future__ import annotations

import difflib
import functools
import html
import multiprocessing
import re
import shutil
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import yaml

from ..errors import InputError
from ..intake.store import Store

TEMPLATES = Path(str(resources.files("osallisuus.reporting") / "templates"))
REMOVE_TAGS = {"parameters", "injected-parameters", "remove_cell"}
#: Run before each report in a reused kernel: forget the previous report's variables and figures
#: (a direct namespace clear; ``%reset -f`` also collects garbage and is ten times slower).
RESET_SOURCE = (
    "import matplotlib.pyplot as _plt\n_plt.close('all')\n"
    "for _name in [n for n in globals() if not n.startswith('_') and n not in ('In', 'Out', 'exit', 'quit', "
    "'get_ipython')]:\n    del globals()[_name]"
)
KERNEL_ERRORS = ("Kernel didn't respond", "Kernel died", "Address already in use", "DeadKernel")


class _NoDates(yaml.SafeLoader):
    """YAML without implicit dates: papermill cannot inject date objects (papermill #345)."""


_NoDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def notebooks_dir() -> Path:
    """``notebooks/`` of the working directory, else of the source checkout."""
    for candidate in (Path.cwd() / "notebooks", Path(__file__).resolve().parents[3] / "notebooks"):
        if (candidate / "unit_report.ipynb").exists():
            return candidate
    raise InputError(None, "notebooks-kansiota ei löydy.", "the notebooks/ folder was not found.",
                     "Aja komento projektin kansiosta.", "Run the command in the project folder.")


@dataclass
class Job:
    name: str
    params_file: Path
    notebook: Path
    parameters: dict
    out_html: Path
    out_ipynb: Path


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float
    html: Path | None = None
    error: str = ""
    title: str = ""
    details: dict = field(default_factory=dict)


# -- params --------------------------------------------------------------------------------
def slug(text: str) -> str:
    """A file-name-safe version of a name (ä -> a, spaces -> -)."""
    table = str.maketrans("äöåÄÖÅ", "aoaAOA")
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-") or "x"


def write_params(data_dir: str | Path, out_dir: str | Path = "params", overwrite: bool = False) -> list[Path]:
    """One params file per unit, one per organization (all units) and one regional summary.
    Existing files are kept (they may hold a user's edits) unless ``overwrite``."""
    frame = Store(data_dir).read_responses()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    pairs = frame[["organization", "unit"]].drop_duplicates().sort_values(["organization", "unit"])
    scopes = [(org, "") for org in pairs["organization"].unique()] + list(pairs.itertuples(index=False, name=None))
    for org, unit in scopes:
        params = {"notebook": "unit_report", "organization": org, "unit": unit, "period_start": "", "period_end": "",
                  "rounds": ["alku", "väli", "loppu"], "language": "fi", "min_n": 5, "max_missing": 0,
                  "reference_mean": 75.2, "reference_label": "FinSote 2019, aikuiset (THL)",
                  "show_open_answers": False}
        path = out / f"{slug(org)}{'__' + slug(unit) if unit else ''}.yaml"
        written.append(_dump(path, params, f"Osallisuusraportti: {org}{' / ' + unit if unit else ''}", overwrite))
    regional = {"notebook": "regional_summary", "language": "fi", "min_n": 5, "reference_mean": 75.2,
                "reference_label": "FinSote 2019, aikuiset (THL)"}
    written.append(_dump(out / "alueellinen-yhteenveto.yaml", regional, "Alueellinen yhteenveto", overwrite))
    return [p for p in written if p is not None]


def _dump(path: Path, params: dict, title: str, overwrite: bool) -> Path | None:
    if path.exists() and not overwrite:
        return None
    text = yaml.safe_dump(params, allow_unicode=True, sort_keys=False)
    path.write_text(f"# {title}\n# Muokkaa arvoja tarvittaessa; avaimet ovat muistikirjan parametrit.\n{text}",
                    encoding="utf-8")
    return path


@functools.lru_cache(maxsize=8)
def _parameters(notebook: str) -> dict:
    """A template's parameters and defaults (papermill.inspect_notebook), read once per run."""
    import papermill

    return papermill.inspect_notebook(notebook)


def load_job(params_file: str | Path, data_dir: Path, out_dir: Path, notebooks: Path, frame=None) -> Job:
    """Read and check one params file against its notebook and the data."""
    from .sections import check_scope

    path = Path(params_file)
    try:
        params = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"params-tiedostoa ei voi lukea ({exc}).", f"cannot read the params file ({exc}).",
                         "Tarkista YAML-muoto (avain: arvo).", "Check the YAML syntax.") from None
    if not isinstance(params, dict):
        raise InputError(path, "params-tiedostossa pitää olla avain: arvo -rivejä.", "expected key: value lines.")
    notebook = notebooks / f"{params.pop('notebook', 'unit_report')}.ipynb"
    if not notebook.exists():
        known = ", ".join(p.stem for p in notebooks.glob("*.ipynb"))
        raise InputError(path, f"muistikirjaa {notebook.name} ei ole (tunnetut: {known}).", "unknown notebook.")
    allowed = _parameters(str(notebook))
    for key, value in params.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f" Tarkoititko '{close[0]}'?" if close else ""
            raise InputError(path, f"tuntematon parametri '{key}'.{hint}", f"unknown parameter '{key}'.",
                             f"Sallitut: {', '.join(k for k in allowed if k != 'data_dir')}.", "")
        if key in ("period_start", "period_end") and value:
            try:
                date.fromisoformat(str(value))
            except ValueError:
                raise InputError(path, f"parametrin '{key}' päivämäärä '{value}' ei kelpaa.",
                                 f"parameter '{key}' is not a date: {value!r}.",
                                 "Kirjoita päivämäärä muodossa 2025-12-31 (tai jätä tyhjäksi).",
                                 "Write it as 2025-12-31 (or leave it empty).") from None
        default = allowed[key]["default"]
        if default.lstrip("-").isdigit() and not (isinstance(value, int) and not isinstance(value, bool)):
            raise InputError(path, f"parametrin '{key}' pitää olla kokonaisluku, nyt {value!r}.",
                             f"parameter '{key}' must be a whole number.")
    if "organization" in params and frame is not None:
        try:
            check_scope(frame, params["organization"], params.get("unit") or "")
        except InputError as exc:
            raise InputError(path, exc.fi, exc.en, exc.fix_fi, exc.fix_en) from None
    params["data_dir"] = str(data_dir.resolve())
    name = path.stem
    return Job(name, path, notebook, params, out_dir / f"{name}.html", out_dir / f"{name}.ipynb")


# -- running --------------------------------------------------------------------------------
_KERNEL = None
_SOCKETS: Path | None = None
_CLEANUP_REGISTERED = False


def _kernel():
    """This worker's kernel (started on first use, IPC transport, shut down at exit)."""
    global _KERNEL, _SOCKETS, _CLEANUP_REGISTERED
    if _KERNEL is None or not _KERNEL.is_alive():
        from jupyter_client.manager import KernelManager
        from multiprocessing.util import Finalize

        _restart_kernel()
        _SOCKETS = Path(tempfile.mkdtemp(prefix="osallisuus-kernel-"))
        _KERNEL = KernelManager(kernel_name="python3", transport="ipc", ip=str(_SOCKETS / "k"))
        _KERNEL.start_kernel()
        if not _CLEANUP_REGISTERED:  # runs when a pool worker exits
            Finalize(None, _restart_kernel, exitpriority=10)
            _CLEANUP_REGISTERED = True
    return _KERNEL


def _restart_kernel() -> None:
    """Shut this process's kernel down (the next report starts a fresh one) and remove its sockets."""
    global _KERNEL, _SOCKETS
    if _KERNEL is not None:
        try:
            _KERNEL.shutdown_kernel(now=True)
        except Exception:  # a dead kernel cannot be shut down; start a new one anyway
            pass
    if _SOCKETS is not None:
        shutil.rmtree(_SOCKETS, ignore_errors=True)
    _KERNEL, _SOCKETS = None, None


def run_job(job: Job) -> Outcome:
    """Execute one report in this process's kernel and export it; never raises."""
    start = time.perf_counter()
    for attempt in (1, 2):
        try:
            nb = _execute(job)
            title = _export_html(nb, job)
            return Outcome(job.name, True, time.perf_counter() - start, job.out_html, title=title,
                           details={k: job.parameters.get(k, "") for k in ("organization", "unit")})
        except Exception as exc:  # report every failure; the batch goes on
            _restart_kernel()
            message = _describe(exc)
            if attempt == 1 and any(k in message for k in KERNEL_ERRORS):
                continue
            return Outcome(job.name, False, time.perf_counter() - start, error=message,
                           details={k: job.parameters.get(k, "") for k in ("organization", "unit")})
    raise AssertionError("unreachable")


def _execute(job: Job):
    import nbformat
    import papermill

    nb = nbformat.read(job.notebook, as_version=4)
    reset = nbformat.v4.new_code_cell(RESET_SOURCE)
    reset.metadata["tags"] = ["remove_cell"]
    nb.cells.insert(0, reset)
    nb.metadata["title"] = job.name
    job.out_ipynb.parent.mkdir(parents=True, exist_ok=True)
    return papermill.execute_notebook(
        nb, str(job.out_ipynb), parameters=job.parameters, kernel_name="python3", km=_kernel(),
        progress_bar=False, request_save_on_cell_execute=False, log_output=False,
    )


def _describe(exc: Exception) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"{exc.ename}: {exc.evalue}".strip()
    return f"{type(exc).__name__}: {exc}".strip() or traceback.format_exc(limit=1)


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


def _export_html(nb, job: Job) -> str:
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


def run_reports(jobs: list[Job], workers: int = 2, progress: bool = True) -> list[Outcome]:
    """Run every job (in parallel when ``workers`` > 1); outcomes in the jobs' order."""
    from tqdm import tqdm

    bar = tqdm(total=len(jobs), desc="raportit", unit="raportti", disable=not progress)
    outcomes: dict[str, Outcome] = {}
    workers = max(1, min(workers, len(jobs), multiprocessing.cpu_count()))
    if workers == 1:
        for job in jobs:
            outcomes[job.name] = run_job(job)
            bar.update()
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(run_job, job): job for job in jobs}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    outcomes[job.name] = future.result()
                except Exception as exc:  # a worker that died
                    outcomes[job.name] = Outcome(job.name, False, 0.0, error=_describe(exc))
                bar.update()
    bar.close()
    _restart_kernel()
    return [outcomes[job.name] for job in jobs]


def write_index(outcomes: list[Outcome], out_dir: Path, data_version: str) -> Path:
    """``index.html`` linking every report, with its date, data version and any error."""
    made = datetime.now().strftime("%d.%m.%Y %H.%M")
    rows = []
    for o in outcomes:
        name = html.escape(o.title or o.name)
        link = f'<a href="{html.escape(o.html.name)}">{name}</a>' if o.ok and o.html else name
        status = "valmis" if o.ok else f'<span class="error">virhe: {html.escape(o.error)}</span>'
        rows.append(f"<tr><td>{link}</td><td>{html.escape(str(o.details.get('organization', '')))}</td>"
                    f"<td>{html.escape(str(o.details.get('unit', '')))}</td><td>{made}</td>"
                    f"<td>{data_version}</td><td>{status}</td></tr>")
    page = f"""<!DOCTYPE html>
<html lang="fi"><head><meta charset="utf-8"><title>Osallisuusraportit</title>
<style>body{{font-family:sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}}
.error{{color:#a40000}}</style></head><body>
<h1>Osallisuusraportit</h1>
<p>{sum(o.ok for o in outcomes)} / {len(outcomes)} raporttia valmiina. Tehty {made}, aineistoversio {data_version}.</p>
<table><tr><th>Raportti</th><th>Organisaatio</th><th>Yksikkö</th><th>Tehty</th><th>Aineistoversio</th><th>Tila</th></tr>
{''.join(rows)}
</table></body></html>
"""
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
