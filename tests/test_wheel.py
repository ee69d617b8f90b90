"""The package works when installed: build the wheel, install it into a fresh virtual environment,
and from a folder outside the checkout extract with the LLM backend against the loopback server.

Offline and quick: the wheel is built without build isolation (hatchling comes with the test
extras), the new environment has no pip and no dependencies of its own, and sees this
environment's site-packages through a ``.pth`` line, which adds that folder to ``sys.path``
without running the ``.pth`` files in it, so this checkout's editable install stays out of sight.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT, seed_path

pytestmark = pytest.mark.wheel

# Run by the installed interpreter: the public API, the packaged prompts and the packaged server.
SCRIPT = """
import json, sys
from pathlib import Path

import extractor
from extractor import extract
from extractor.config import Settings
from extractor.prompts import prompts_root
from extractor.testing.openai_server import serve_rules

text = Path(sys.argv[1]).read_text(encoding="utf-8")
with serve_rules() as url:
    settings = Settings(
        data_dir=Path(sys.argv[2]), backend="llm", llm_model="wheel-test", llm_base_url=url,
        llm_api_key="test", embedder="hash",
    )
    result = extract(text, source=Path(sys.argv[1]).name, settings=settings)
print(json.dumps({
    "extractor": extractor.__file__,
    "prompts": str(prompts_root()),
    "backend": result.backend,
    "calls": result.diagnostics.calls,
    "deals": [d.model_dump(mode="json") for d in result.deals],
}, ensure_ascii=False))
"""


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    python: Path
    outside: Path  # a working folder outside the checkout

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k != "PYTHONPATH" and not k.startswith(("DEALQA_", "OPENAI_"))
        }
        return subprocess.run(
            args, cwd=self.outside, env=env, capture_output=True, text=True, timeout=300, check=False
        )


def _run(*args: str | Path) -> None:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    if importlib.util.find_spec("hatchling") is None:
        message = "hatchling is missing: install the test extras (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, ROOT)
    (wheel,) = dist.glob("dealqa-*.whl")

    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "dealqa_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")

    outside = tmp / "work"
    outside.mkdir()
    return Installed(wheel, venv, python, outside)


def test_the_wheel_carries_prompts_types_and_the_test_server_but_no_repository_folders(
    installed: Installed,
) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    prompts = {
        p.relative_to(ROOT / "prompts").as_posix() for p in (ROOT / "prompts").rglob("*") if p.is_file()
    }
    assert prompts and {f"extractor/_prompts/{p}" for p in prompts} <= names
    assert {
        "extractor/py.typed",
        "extractor/text/lexicon.toml",
        "extractor/text/admin_places.json",
        "extractor/testing/openai_server.py",
        "extractor/web/static/app.css",
    } <= names
    top = {n.split("/")[0] for n in names} - {"extractor"}
    assert len(top) == 1 and top.pop().endswith(".dist-info")  # no prompts/, seeds/ or tests/ beside it


def test_the_installed_package_extracts_with_the_llm_backend_outside_the_checkout(
    installed: Installed,
) -> None:
    seed = seed_path("004")
    done = installed.run(
        str(installed.python), "-I", "-c", SCRIPT, str(seed), str(installed.outside / "data")
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)

    package = Path(out["extractor"]).parent
    assert package.is_relative_to(installed.venv) and not package.is_relative_to(ROOT)
    assert Path(out["prompts"]) == package / "_prompts"
    assert (package / "py.typed").is_file()

    assert out["backend"] == "llm" and out["calls"] >= 1
    text = seed.read_text(encoding="utf-8").replace("\r\n", "\n")
    deals = out["deals"]
    assert len(deals) >= 5
    for deal in deals:
        for span in deal["evidence"]:
            assert text[span["start"] : span["end"]] == span["quote"]
    guangda = next(d for d in deals if d["project"] == "光大人工智能产业基地")
    assert guangda["amount"]["cny"] == 2e10


def test_the_installed_command_runs(installed: Installed) -> None:
    done = installed.run(str(installed.venv / "bin" / "dealqa"), "--help")
    assert done.returncode == 0, done.stderr
    assert "ingest" in done.stdout and "ask" in done.stdout
    # the benchmark builds its corpus from a checkout's seeds/ and says so when there is none
    done = installed.run(str(installed.venv / "bin" / "dealqa"), "bench", "--articles", "2", "--no-llm")
    assert done.returncode == 1 and "run it there" in " ".join(done.stderr.split())
