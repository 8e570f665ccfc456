"""Params files: one YAML per report in ``params/``, naming the notebook and its settings.

``osallisuus params`` writes them (defaults from :mod:`osallisuus.settings`); before any
report runs, :func:`load_job` reads each one back and checks every setting, the notebook and
the organization and unit against the data. File names are readable and unique: one params
file, and so one report, per organization and unit, whatever their names.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..errors import InputError
from ..intake.store import Store
from ..settings import REPORT_LANGUAGES, check, check_all, default, defaults

NOTEBOOKS = ("unit_report", "regional_summary")
REGIONAL_NAME = "alueellinen-yhteenveto"
#: Longest name part kept before a file name is shortened (the full name is in the file).
MAX_NAME = 60


class _NoDates(yaml.SafeLoader):
    """YAML without implicit dates: papermill cannot inject date objects (papermill #345)."""


_NoDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


@dataclass
class Job:
    """One report to make: its params file, notebook, checked parameters and outputs."""

    name: str
    params_file: Path
    notebook: Path
    parameters: dict
    out_html: Path
    out_ipynb: Path


def notebooks_dir() -> Path:
    """The report notebooks: inside the installed package, else ``notebooks/`` of the source checkout.

    The wheel carries the top-level ``notebooks/`` folder as ``osallisuus/notebooks`` (see
    pyproject.toml); an editable install reads them where they are kept.
    """
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "notebooks", package.parents[1] / "notebooks"):
        if (candidate / "unit_report.ipynb").exists():
            return candidate
    raise InputError(None, "raporttien notebook-tiedostoja ei löydy asennetusta paketista.",
                     "the report notebooks are missing from the installed package.",
                     "Asenna osallisuus uudelleen: pip install --force-reinstall osallisuus.",
                     "Reinstall osallisuus: pip install --force-reinstall osallisuus.")


def slug(text: str) -> str:
    """A file-name part: letters of any script kept, everything else one dash, lower case.

    >>> slug("Työpaja Orimattila"), slug("Мовне кафе"), slug("!!")
    ('työpaja-orimattila', 'мовне-кафе', 'x')
    """
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-") or "x"


def file_names(scopes: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """A unique, stable file name (without suffix) per (organization, unit).

    Names that would collide (``Nuoret 1`` and ``Nuoret-1``) or that are too long get a short
    fingerprint of the exact name, so each scope keeps the same name between runs.

    >>> names = file_names([("Org", "Nuoret 1"), ("Org", "Nuoret-1"), ("Org", "")])
    >>> len(set(names.values())), names[("Org", "")]
    (3, 'org')
    """
    def base(org: str, unit: str) -> str:
        return slug(org) + (f"__{slug(unit)}" if unit else "")

    counts = pd.Series([base(o, u) for o, u in scopes]).value_counts()
    names = {}
    for org, unit in scopes:
        name = base(org, unit)
        if counts[name] > 1 or len(name) > MAX_NAME:
            digest = hashlib.sha256(f"{org}\0{unit}".encode()).hexdigest()[:8]
            name = f"{name[:MAX_NAME]}-{digest}"
        names[(org, unit)] = name
    return names


def write_params(data_dir: str | Path, out_dir: str | Path = "params", overwrite: bool = False,
                 period: tuple[str, str] = ("", ""), organization_language: str | None = None) -> list[Path]:
    """One params file per organization (all units), per unit, and one regional summary.
    Existing files are kept (they may hold a user's edits) unless ``overwrite``.

    ``period``: the first and last day every report covers (ISO dates, either may be empty).
    Units' reports are in their respondents' majority language (:func:`answer_language`); an
    organization's and the regional summary in ``organization_language`` (default: the
    ``language`` setting's default, Finnish)."""
    language = check("language", organization_language or default("language"), "--organization-language")
    dates = {"period_start": check("period_start", period[0], "--period"),
             "period_end": check("period_end", period[1], "--period")}
    frame = Store(data_dir).read_responses()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pairs = frame[["organization", "unit"]].drop_duplicates().sort_values(["organization", "unit"])
    scopes = [(org, "") for org in pairs["organization"].unique()] + list(pairs.itertuples(index=False, name=None))
    written = []
    for (org, unit), name in file_names(scopes).items():
        mine = frame[(frame["organization"] == org) & ((frame["unit"] == unit) if unit else True)]
        params = {"notebook": "unit_report", **defaults("unit_report"), **dates, "organization": org, "unit": unit,
                  "language": answer_language(mine) if unit else language}
        written.append(_dump(out / f"{name}.yaml", params, f"Osallisuusraportti: {org}{' / ' + unit if unit else ''}",
                             overwrite))
    regional = {"notebook": "regional_summary", **defaults("regional_summary"), **dates, "language": language}
    written.append(_dump(out / f"{REGIONAL_NAME}.yaml", regional, "Alueellinen yhteenveto", overwrite))
    return [p for p in written if p is not None]


def answer_language(rows: pd.DataFrame) -> str:
    """A group's report language: Swedish or English when most respondents answered in it, else Finnish.

    >>> answer_language(pd.DataFrame({"language": ["sv"] * 6 + ["fi"] * 4}))
    'sv'
    """
    counts = rows["language"].value_counts()
    top = counts.index[0] if len(counts) else "fi"
    return top if top in REPORT_LANGUAGES and counts.iloc[0] > len(rows) / 2 else "fi"


def _dump(path: Path, params: dict, title: str, overwrite: bool) -> Path | None:
    if path.exists() and not overwrite:
        return None
    text = yaml.safe_dump(params, allow_unicode=True, sort_keys=False)
    path.write_text(f"# {title}\n# Muokkaa arvoja tarvittaessa; asetukset on kuvattu README:ssä.\n{text}",
                    encoding="utf-8")
    return path


def load_job(params_file: str | Path, data_dir: Path, out_dir: Path, notebooks: Path,
             frame: pd.DataFrame | None = None) -> Job:
    """Read one params file and check every setting, its notebook and its scope in the data."""
    path = Path(params_file)
    try:
        params = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"params-tiedostoa ei voi lukea ({exc}).", f"cannot read the params file ({exc}).",
                         "Tarkista YAML-muoto (avain: arvo).", "Check the YAML syntax.") from None
    if not isinstance(params, dict):
        raise InputError(path, "params-tiedostossa pitää olla avain: arvo -rivejä.", "expected key: value lines.")
    name = params.pop("notebook", "unit_report")
    if name not in NOTEBOOKS:
        raise InputError(path, f"muistikirjaa '{name}' ei ole (sallitut: {', '.join(NOTEBOOKS)}).",
                         f"unknown notebook '{name}'.")
    params = {k: ("" if v is None else v) for k, v in params.items()}
    parameters = check_all(params, name, path)
    if name == "unit_report" and frame is not None:
        try:
            check_scope(frame, parameters["organization"], parameters["unit"])
        except InputError as exc:
            raise InputError(path, exc.fi, exc.en, exc.fix_fi, exc.fix_en) from None
    parameters["data_dir"] = str(Path(data_dir).resolve())
    return _job(path.stem, path, notebooks / f"{name}.ipynb", parameters, out_dir)


def _job(stem: str, path: Path, notebook: Path, parameters: dict, out_dir: Path) -> Job:
    figures = (Path(out_dir) / f"{stem}_kuvat").resolve()
    return Job(stem, path, notebook, {**parameters, "figures_dir": str(figures)}, out_dir / f"{stem}.html",
               out_dir / f"{stem}.ipynb")


def in_languages(job: Job, languages: list[str], out_dir: Path) -> list[Job]:
    """The job once per report language (``osallisuus report --languages fi,sv``): the params
    file's own language keeps its name, the others get ``.sv``, ``.en`` … before ``.html``.

    >>> job = _job("paja", Path("paja.yaml"), Path("unit_report.ipynb"), {"language": "fi"}, Path("r"))
    >>> [j.out_html.name for j in in_languages(job, ["fi", "sv"], Path("r"))]
    ['paja.html', 'paja.sv.html']
    """
    if not languages:
        return [job]
    jobs = []
    for language in languages:
        check("language", language, "--languages")
        stem = job.name if language == job.parameters["language"] else f"{job.name}.{language}"
        jobs.append(_job(stem, job.params_file, job.notebook, {**job.parameters, "language": language}, out_dir))
    return jobs


def check_scope(frame: pd.DataFrame, organization: str, unit: str) -> None:
    """Raise a clear error when the organization or unit is not in the data."""
    organizations = sorted(frame["organization"].dropna().unique())
    if organization not in organizations:
        raise InputError(None, f"organisaatiota '{organization}' ei ole aineistossa. Tunnetut: {', '.join(organizations)}.",
                         f"unknown organization '{organization}'.", "Korjaa nimi params-tiedostoon.", "Fix the name.")
    units = sorted(frame.loc[frame["organization"] == organization, "unit"].dropna().unique())
    if unit and unit not in units:
        raise InputError(None, f"yksikköä '{unit}' ei ole organisaatiossa {organization}. Tunnetut: {', '.join(units)}.",
                         f"unknown unit '{unit}'.", "Korjaa nimi params-tiedostoon.", "Fix the name.")
