"""Running reports: papermill in a process pool (workers <= cores).

Each worker starts one kernel (IPC transport, so no ports to race for and no "running over
TCP" notice) and reuses it for its reports, clearing the namespace in between: starting a
kernel and importing pandas, statsmodels and matplotlib is most of a report's time
(tooling.md). A failing report does not stop the others.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .html import export_html
from .params import Job

log = logging.getLogger(__name__)
#: Run before each report in a reused kernel: forget the previous report's variables and figures
#: (a direct namespace clear; ``%reset -f`` also collects garbage and is ten times slower).
RESET_SOURCE = (
    "import matplotlib.pyplot as _plt\n_plt.close('all')\n"
    "for _name in [n for n in globals() if not n.startswith('_') and n not in ('In', 'Out', 'exit', 'quit', "
    "'get_ipython')]:\n    del globals()[_name]"
)
#: The kernels keep no input history: IPython writes each cell's source to an SQLite file in the
#: user's home and commits it, which took two thirds of the time a cell costs beyond its own work.
NO_HISTORY = ["--HistoryManager.enabled=False"]
KERNEL_ERRORS = ("Kernel didn't respond", "Kernel died", "Address already in use", "DeadKernel")
#: Run in each kernel after the notebooks' imports, while the batch's shared tables are made:
#: what the report sections import only when first used (the models' formulas, the theme
#: coding), then everything so far moved out of the garbage collector's reach (``gc.freeze``),
#: so that a full collection walks only what the reports make (16 demo reports: 5 full
#: collections took 1.3-1.5 s CPU, frozen 0.3-0.6 s).
WARM_SOURCE = ("import statsmodels.formula.api\n"
               "import osallisuus.themes.coding, osallisuus.themes.confirm, osallisuus.themes.tables\n"
               "import gc\ngc.collect()\ngc.freeze()")


@dataclass
class Outcome:
    """How one report went: ``state`` is ``full``, ``notice`` (only the small-group notice) or
    ``failed``; ``n`` the respondents it shows."""

    name: str
    ok: bool
    seconds: float
    html: Path | None = None
    error: str = ""
    title: str = ""
    details: dict = field(default_factory=dict)
    state: str = "failed"
    n: int = 0


_KERNEL = None
_CLIENT = None
_SOCKETS: Path | None = None
_CLEANUP_REGISTERED = False
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def skip_iri_grammars() -> None:
    """Keep jsonschema (under nbformat, papermill, nbclient and nbconvert) from loading
    ``rfc3987_syntax``: when installed (jupyterlab's jupyter-events asks for jsonschema's non-GPL
    format checkers) it builds 38 Lark grammars on import, about 1.1 s of CPU in each process that
    reads a notebook, for the IRI format checks that notebook validation never makes (jsonschema
    issue #1428). Does nothing once jsonschema is loaded."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # its import raises ImportError: jsonschema goes without


def _die_with_parent(parent: int) -> None:
    """Pool worker initializer: when the report process dies (even by SIGKILL), this worker gets
    SIGTERM from the kernel (Linux ``PR_SET_PDEATHSIG``) and shuts its Jupyter kernel down; a
    kernel also exits by itself within a second of its worker (ipykernel's parent poller)."""
    skip_iri_grammars()
    signal.signal(signal.SIGTERM, _shut_down)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the request took effect
        _shut_down()


def _shut_down(*_) -> None:
    """Kill this worker's kernel at once and exit, whatever the worker was doing: the signal can
    come in the middle of the kernel client's own event loop (starting a kernel, waiting for
    output), where a polite shutdown request raises and left the worker and its kernel running."""
    try:
        process = getattr(getattr(_KERNEL, "provisioner", None), "process", None)
        if process is not None:
            process.kill()
        if _SOCKETS is not None:
            shutil.rmtree(_SOCKETS, ignore_errors=True)
    finally:
        os._exit(1)


def _kernel():
    """This worker's kernel and its client (started on first use, IPC transport, shut down at
    exit). Every report reuses the client: a new one per report would wait for the kernel and
    then listen 0.2 s for stray output (jupyter_client's ``wait_for_ready``) each time."""
    global _KERNEL, _CLIENT, _SOCKETS, _CLEANUP_REGISTERED
    if _KERNEL is None or not _KERNEL.is_alive():
        from multiprocessing.util import Finalize

        from jupyter_client.manager import KernelManager

        _restart_kernel()
        _SOCKETS = Path(tempfile.mkdtemp(prefix="osallisuus-kernel-"))
        _KERNEL = KernelManager(kernel_name="python3", transport="ipc", ip=str(_SOCKETS / "k"))
        _KERNEL.start_kernel(extra_arguments=NO_HISTORY)
        if not _CLEANUP_REGISTERED:  # runs when a pool worker exits
            Finalize(None, _restart_kernel, exitpriority=10)
            _CLEANUP_REGISTERED = True
        _CLIENT = _KERNEL.client()
        _CLIENT.start_channels()
        _CLIENT.wait_for_ready(timeout=60)
        _CLIENT.allow_stdin = False
    return _KERNEL, _CLIENT


def _restart_kernel() -> None:
    """Shut this process's kernel down (the next report starts a fresh one) and remove its sockets."""
    global _KERNEL, _CLIENT, _SOCKETS
    if _CLIENT is not None:
        _CLIENT.stop_channels()
    if _KERNEL is not None:
        try:
            _KERNEL.shutdown_kernel(now=True)
        except Exception:  # a dead kernel cannot be shut down; start a new one anyway
            pass
    if _SOCKETS is not None:
        shutil.rmtree(_SOCKETS, ignore_errors=True)
    _KERNEL, _CLIENT, _SOCKETS = None, None, None


def run_job(job: Job) -> Outcome:
    """Execute one report in this process's kernel and export it; never raises."""
    skip_iri_grammars()
    start = time.perf_counter()
    for attempt in (1, 2):
        try:
            nb = _execute(job)
            title, summary = export_html(nb, job)
            return Outcome(job.name, True, time.perf_counter() - start, job.out_html, title=title,
                           details=_details(job), state=summary.get("state", "full"), n=int(summary.get("n", 0)))
        except Exception as exc:  # report every failure; the batch goes on
            _restart_kernel()
            message = _describe(exc)
            if attempt == 1 and any(k in message for k in KERNEL_ERRORS):
                continue
            return Outcome(job.name, False, time.perf_counter() - start, error=message, details=_details(job))
    raise AssertionError("unreachable")


def _details(job: Job) -> dict:
    return {k: job.parameters.get(k, "") for k in ("organization", "unit", "language")}


def _execute(job: Job):
    import nbformat
    import papermill

    nb = nbformat.read(job.notebook, as_version=4)
    reset = nbformat.v4.new_code_cell(RESET_SOURCE)
    reset.metadata["tags"] = ["remove_cell"]
    nb.cells.insert(0, reset)
    nb.metadata["title"] = job.name
    job.out_ipynb.parent.mkdir(parents=True, exist_ok=True)
    km, kc = _kernel()
    return papermill.execute_notebook(
        nb, str(job.out_ipynb), parameters=job.parameters, kernel_name="python3", engine_name=_engine(), km=km,
        kc=kc, progress_bar=False, request_save_on_cell_execute=False, log_output=False,
    )


@functools.cache
def _engine() -> str:
    """papermill's nbclient engine on a running kernel client (``kc=``): registered once per process."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class Client(PapermillNotebookClient):
        def __init__(self, nb_man, kc=None, **kwargs):
            super().__init__(nb_man, **kwargs)
            self.kc = kc  # nbclient starts a client only when it has none

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, start_timeout=60, km=None, kc=None,
                                     **_):
            return Client(nb_man, km=km, kc=kc, kernel_name=kernel_name, log=logger, log_output=log_output,
                          startup_timeout=start_timeout).execute()

    papermill_engines.register("osallisuus", Engine)
    return "osallisuus"


def _describe(exc: Exception) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"{exc.ename}: {exc.evalue}".strip()
    return f"{type(exc).__name__}: {exc}".strip() or traceback.format_exc(limit=1)


def _imports(jobs: list[Job]) -> str:
    """The import lines of the jobs' notebooks: what each report's kernel imports first."""
    import nbformat

    lines: dict[str, None] = {}
    for path in sorted({job.notebook for job in jobs}):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
                lines.update(dict.fromkeys(x for x in cell.source.splitlines() if x.startswith(("import ", "from "))))
    return "\n".join(lines)


def _warm(imports: str) -> None:
    """Start this worker's kernel and run ``imports`` and :data:`WARM_SOURCE` in it; a failure
    shows when a report runs."""
    try:
        _, client = _kernel()
        client.execute_interactive(f"{imports}\n{WARM_SOURCE}", silent=True, store_history=False, timeout=300,
                                   output_hook=lambda _message: None)
    except Exception:
        _restart_kernel()


def run_reports(jobs: list[Job], workers: int = 2, progress: bool = True,
                before: Callable[[], None] | None = None) -> list[Outcome]:
    """Run every job (in parallel when ``workers`` > 1); outcomes in the jobs' order.

    ``before``: the batch's shared work (``published.prepare``), done here first; with several
    workers, while they start their kernels and import what the notebooks import."""
    from tqdm import tqdm

    skip_iri_grammars()  # before the notebooks' imports are read (_imports)
    outcomes: dict[str, Outcome] = {}
    workers = max(1, min(workers, len(jobs), multiprocessing.cpu_count()))
    if workers == 1:
        if before is not None:
            before()
        bar = tqdm(total=len(jobs), desc="raportit", unit="raportti", disable=not progress)
        for job in jobs:
            outcomes[job.name] = run_job(job)
            bar.update()
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            if before is not None:
                imports = _imports(jobs)
                for _ in range(workers):
                    pool.submit(_warm, imports)
                before()
            bar = tqdm(total=len(jobs), desc="raportit", unit="raportti", disable=not progress)
            futures = {}
            for job in jobs:
                try:
                    futures[pool.submit(run_job, job)] = job
                except BrokenProcessPool as exc:  # a worker died while starting its kernel
                    outcomes[job.name] = Outcome(job.name, False, 0.0, error=_describe(exc))
                    bar.update()
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


