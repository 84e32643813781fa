"""The command line: help everywhere, documented in the README, exit codes, real runs."""

import json
import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and re.match(r"kg \d+\.\d+\.\d+", result.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"kg {command} --help has no example"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(root, command):
    assert f"kg {command}" in (root / "README.md").read_text(encoding="utf-8")


def test_build_and_export_and_evaluate(tmp_path, root):
    out = tmp_path / "out"
    result = runner.invoke(app, ["-q", "build", str(root / "examples" / "abstracts.jsonl"), "--out", str(out),
                                 "--to", "ttl", "--to", "graphml"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"]["in_graph"] == 5 and report["documents"]["reconciled"]
    result = runner.invoke(app, ["-q", "export", str(out / "extraction.jsonl"), "--to", "graphml",
                                 "--out", str(tmp_path / "g.graphml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.graphml").read_text(encoding="utf-8").startswith("<?xml")
    result = runner.invoke(app, ["evaluate", str(out / "extraction.jsonl"), str(out / "extraction.jsonl"), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scores"]["entities/strict"]["f1"] == 1.0


def test_extract_to_stdout(root):
    result = runner.invoke(app, ["-q", "extract", str(root / "examples" / "abstracts.jsonl"), "--out", "-"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["ex-001", "ex-002", "ex-003", "ex-004", "ex-005"]


def test_strict_bad_input_exits_2_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "abstract": "ok"}\n{oops\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(bad), "--out", str(tmp_path / "x.jsonl"), "--strict"])
    assert result.exit_code == 2
    assert f"{bad}:2" in result.output and "Traceback" not in result.output


def test_library_errors_are_one_line_without_traceback(tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path / "missing.jsonl"), "--to", "ttl", "--out", "x.ttl"])
    assert result.exit_code == 1
    assert "file not found" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["export", str(tmp_path / "missing.jsonl"), "--to", "nope", "--out", "x"])
    assert result.exit_code != 0


def test_unknown_export_format_is_a_clear_error(tmp_path, root):
    pred = tmp_path / "x.jsonl"
    pred.write_text('{"id": "a", "abstract": "b"}\n', encoding="utf-8")
    result = runner.invoke(app, ["export", str(pred), "--to", "docx", "--out", str(tmp_path / "x.docx")])
    assert result.exit_code == 1 and "unknown export format 'docx'" in result.output
