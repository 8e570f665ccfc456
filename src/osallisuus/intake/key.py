"""The pseudonym key, kept apart from the data and checked (GDPR art. 4(5): the additional
information that re-identifies must be kept separately).

Where the key is, first that applies:

1. ``--key PATH`` on the command line;
2. the environment variable ``OSALLISUUS_KEY`` (a file path);
3. a per-user file outside the data folder, ``<user config dir>/osallisuus/keys/<store id>.key``
   (``~/.config/osallisuus/keys/…`` on Linux, or under ``$XDG_CONFIG_HOME``), where the store
   id is a random name recorded in the store.

The store records only a fingerprint of the key (an HMAC of a constant, which reveals nothing
of the key) in ``DIR/processed/key.json``. Ingest checks the key against it before anything is
read or written: a missing, empty, short, damaged or different key stops with exit code 2 and
says how to restore it. The first ingest into an empty store creates the key (readable by the
owner only). A store made before keys were kept apart (``DIR/.salt``) is moved over with
``osallisuus key migrate``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

ENV = "OSALLISUUS_KEY"
RECORD = "key.json"
LEGACY = ".salt"
MIN_BYTES = 16
_FINGERPRINT_OF = b"osallisuus pseudonym key fingerprint v1"


def fingerprint(key: bytes) -> str:
    """What the store records of its key: an HMAC of a constant, never the key.

    >>> fingerprint(bytes(32))[:12]
    'c76a01691669'
    """
    return hmac.new(key, _FINGERPRINT_OF, hashlib.sha256).hexdigest()


def _record_path(data_dir: Path) -> Path:
    return Path(data_dir) / "processed" / RECORD


def read_record(data_dir: str | Path) -> dict:
    """The store's key record (``store_id``, ``fingerprint``), or ``{}`` for a store without one."""
    path = _record_path(Path(data_dir))
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def key_path(data_dir: str | Path, given: str | Path | None = None, store_id: str | None = None) -> Path:
    """Where the key of ``data_dir`` is looked for (see the module's rules)."""
    if given:
        return Path(given).expanduser()
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    from platformdirs import user_config_dir

    store_id = store_id or read_record(data_dir).get("store_id")
    if not store_id:
        raise InputError(data_dir, "aineistolla ei ole vielä avainta.", "the store has no key yet.",
                         "Aja ensin 'osallisuus ingest', joka luo avaimen.", "Run 'osallisuus ingest' first: it creates one.")
    return Path(user_config_dir("osallisuus")) / "keys" / f"{store_id}.key"


def _how_to_restore(path: Path) -> tuple[str, str]:
    return (f"Kopioi tämän aineiston avaintiedosto takaisin paikkaan {path}, tai anna sen paikka asetuksella --key "
            f"TIEDOSTO tai ympäristömuuttujalla {ENV}. Uutta avainta ei voi käyttää: samat vastaajat eivät "
            "silloin yhdisty aiempiin vastauksiin. Mitään ei tallennettu.",
            f"Copy this store's key file back to {path}, or give its place with --key FILE or the environment "
            f"variable {ENV}. A new key cannot be used: the same respondents would no longer pair with their "
            "earlier answers. Nothing was written.")


def read_key(path: Path) -> bytes:
    """The key in ``path`` (hex text), checked: present, readable, at least :data:`MIN_BYTES` bytes."""
    fix = _how_to_restore(path)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise InputError(path, "pseudonymisoinnin avainta ei löydy.", "the pseudonym key is missing.", *fix) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"avaintiedostoa ei voi lukea ({exc}).", f"cannot read the key file ({exc}).",
                         *fix) from None
    if not text:
        raise InputError(path, "avaintiedosto on tyhjä.", "the key file is empty.", *fix)
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise InputError(path, "avaintiedosto on vioittunut (ei avain).", "the key file is damaged (not a key).",
                         *fix) from None
    if len(key) < MIN_BYTES:
        raise InputError(path, f"avain on liian lyhyt ({len(key)} tavua, vähintään {MIN_BYTES}).",
                         f"the key is too short ({len(key)} bytes, at least {MIN_BYTES}).", *fix)
    return key


@dataclass
class Key:
    """A checked key; :meth:`save` writes a new key and the store's record (ingest calls it
    only when the files are known to be usable)."""

    secret: bytes
    path: Path
    data_dir: Path
    store_id: str
    new_file: bool = False
    new_record: bool = False

    def save(self) -> None:
        if self.new_file:
            _write_private(self.path, self.secret.hex())
        if self.new_record:
            record = _record_path(self.data_dir)
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps({"store_id": self.store_id, "fingerprint": fingerprint(self.secret)},
                                         indent=1), encoding="utf-8")
        self.new_file = self.new_record = False


def _write_private(path: Path, text: str) -> None:
    """A new file readable by its owner only (its folder too, when made here)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text + "\n")


def _has_data(data_dir: Path) -> bool:
    processed = data_dir / "processed"
    return processed.exists() and any(p.name != RECORD for p in processed.iterdir())


def key_for_ingest(data_dir: str | Path, given: str | Path | None = None) -> Key:
    """The store's key, checked against its fingerprint, or a new one for an empty store.
    Raises :class:`InputError` (exit 2) before anything is written when it cannot be used."""
    data_dir = Path(data_dir)
    if (data_dir / LEGACY).exists():
        raise InputError(data_dir / LEGACY, "pseudonymisoinnin avain on vielä aineistokansiossa (vanha tapa): "
                         "kuka tahansa kansion saanut voisi purkaa vastaajatunnukset.",
                         "the pseudonym key still sits in the data folder (the old way): anyone given the folder "
                         "could reverse the respondent codes.",
                         f"Aja 'osallisuus key migrate --data {data_dir}': se siirtää avaimen kansion ulkopuolelle.",
                         f"Run 'osallisuus key migrate --data {data_dir}': it moves the key out of the folder.")
    record = read_record(data_dir)
    if record:
        path = key_path(data_dir, given, record["store_id"])
        key = read_key(path)
        if not hmac.compare_digest(fingerprint(key), record["fingerprint"]):
            raise InputError(path, "avain ei ole tämän aineiston avain (tunniste ei täsmää).",
                             "this is not the key of this store (its fingerprint differs).", *_how_to_restore(path))
        return Key(key, path, data_dir, record["store_id"])
    if _has_data(data_dir):
        raise InputError(data_dir / "processed", "aineistolla ei ole avaimen tunnistetta (processed/key.json puuttuu), "
                         "joten avainta ei voi tarkistaa.", "the store has no key record (processed/key.json is "
                         "missing), so no key can be checked.", "Palauta processed/key.json varmuuskopiosta. "
                         "Mitään ei tallennettu.", "Restore processed/key.json from a backup. Nothing was written.")
    store_id = secrets.token_hex(8)
    path = key_path(data_dir, given, store_id)
    if path.exists():  # a key given with --key or OSALLISUUS_KEY: this store uses it
        return Key(read_key(path), path, data_dir, store_id, new_record=True)
    return Key(secrets.token_bytes(32), path, data_dir, store_id, new_file=True, new_record=True)


def migrate(data_dir: str | Path, given: str | Path | None = None) -> Path:
    """Move ``DIR/.salt`` to the key location and record its fingerprint; returns the new place."""
    data_dir = Path(data_dir)
    legacy = data_dir / LEGACY
    if not legacy.exists():
        raise InputError(legacy, "vanhaa avainta ei ole: siirrettävää ei ole.", "there is no old key to move.")
    key = read_key(legacy)
    store_id = read_record(data_dir).get("store_id") or secrets.token_hex(8)
    path = key_path(data_dir, given, store_id)
    if path.exists():
        if read_key(path) != key:
            raise InputError(path, "paikassa on jo toinen avain.", "another key is already there.",
                             "Anna toinen paikka asetuksella --key.", "Give another place with --key.")
    else:
        _write_private(path, key.hex())
    Key(key, path, data_dir, store_id, new_record=True).save()
    legacy.unlink()
    return path


def export_key(data_dir: str | Path, out: str | Path, given: str | Path | None = None) -> Path:
    """Copy the store's checked key to ``out`` (owner-only), to take it to another machine."""
    key = key_for_ingest(data_dir, given)
    if key.new_record:
        raise InputError(data_dir, "aineistolla ei ole vielä avainta.", "the store has no key yet.",
                         "Aja ensin 'osallisuus ingest'.", "Run 'osallisuus ingest' first.")
    out = Path(out)
    if out.exists():
        raise InputError(out, "tiedosto on jo olemassa.", "the file exists already.", "Anna uusi tiedostonimi.",
                         "Give a new file name.")
    _write_private(out, key.secret.hex())
    return out


def import_key(data_dir: str | Path, source: str | Path, given: str | Path | None = None) -> Path:
    """Put a key exported with :func:`export_key` where this machine looks for the store's key."""
    record = read_record(data_dir)
    key = read_key(Path(source))
    if not record:
        raise InputError(Path(data_dir) / "processed" / RECORD, "aineistoa ei ole tällä koneella.",
                         "the store is not on this machine.", "Kopioi ensin aineistokansio (DIR) tälle koneelle.",
                         "Copy the data folder first.")
    if not hmac.compare_digest(fingerprint(key), record["fingerprint"]):
        raise InputError(source, "avain ei ole tämän aineiston avain.", "this is not the key of this store.",
                         "Tarkista, että toit oikean aineiston avaimen.", "Check that you brought this store's key.")
    path = key_path(data_dir, given, record["store_id"])
    if path.exists():
        if read_key(path) == key:
            return path
        raise InputError(path, "paikassa on jo toinen avain.", "another key is already there.",
                         "Anna toinen paikka asetuksella --key.", "Give another place with --key.")
    _write_private(path, key.hex())
    return path
