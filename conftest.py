"""For every test and doctest: pseudonym keys go to a temporary user folder, never the real
~/.config, and a developer's own OSALLISUUS_KEY is not used."""

import os
import tempfile

os.environ.pop("OSALLISUUS_KEY", None)
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="osallisuus-config-")
