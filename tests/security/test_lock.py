"""The lock files pin every dependency of pyproject.toml with hashes; install uses them."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _pins(lock):
    text = (ROOT / lock).read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, re.MULTILINE))
    return {name.lower().replace("_", "-"): version for name, version in pins.items()}, text


def _names(requirements):
    return {re.split(r"[<>=\[ ;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_every_dependency_is_pinned_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime, runtime_text = _pins("requirements.lock")
    dev, dev_text = _pins("requirements-dev.lock")

    assert _names(project["dependencies"]) - set(runtime) == set()
    assert (
        _names(project["dependencies"] + project["optional-dependencies"]["dev"]) - set(dev)
        == set()
    )
    for text in (runtime_text, dev_text):
        blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n", 2)[2])
        assert all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_the_image_and_make_install_use_the_locks_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()

    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    assert "--require-hashes -r requirements-dev.lock" in makefile
    assert re.search(r"^lock:", makefile, re.MULTILINE)
