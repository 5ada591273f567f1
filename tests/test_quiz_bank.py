"""The quiz bank as Moodle reads it: GIFT weights and Moodle XML answer text, through `cnscd tracker export`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from generator.cli.main import main
from tests.test_validate_messages import QUIZ, edit, validate


def export(project: Path, kind: str) -> str:
    out = project / f"bank.{kind}"
    result = CliRunner().invoke(main, ["tracker", "export", kind, "--root", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_a_choice_that_begins_like_a_weight_keeps_weight_zero_in_gift(mini_project: Path) -> None:
    edit(mini_project, QUIZ, '{vi: "Người gọi điện", en: "The caller"}', '{vi: "%10% người gọi điện", en: "%10% of callers"}')
    text = export(mini_project, "gift")
    # Moodle reads the first %n% after = or ~ as the weight: each answer states its own first.
    assert "\t=%100%Chỉ mình bạn\n\t~%0%%10% người gọi điện\n" in text


def test_a_choice_that_begins_with_hash_or_a_number_stays_plain_text_in_moodle_xml(mini_project: Path) -> None:
    edit(mini_project, QUIZ, '{vi: "Chỉ mình bạn", en: "Only you"}', '{vi: "# Chỉ mình bạn", en: "# Only you"}')
    edit(mini_project, QUIZ, '{vi: "Người gọi điện", en: "The caller"}', '{vi: "1. Người gọi điện", en: "1. The caller"}')
    root = ET.fromstring(export(mini_project, "moodle-xml"))
    first = [q for q in root if q.get("type") == "multichoice"][0]
    assert [a.findtext("text") for a in first.findall("answer")] == ["# Chỉ mình bạn", "1. Người gọi điện"]


def test_more_than_ten_choices_is_refused_by_validate(mini_project: Path) -> None:
    extra = "".join(f'      - text: {{vi: "Lựa chọn {n}", en: "Choice {n}"}}\n' for n in range(10))
    edit(mini_project, QUIZ, '      - text: {vi: "Người gọi điện", en: "The caller"}\n',
         '      - text: {vi: "Người gọi điện", en: "The caller"}\n' + extra)
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[0] == ("quizzes/thu-nghiem.yaml:8:7: questions[0].choices: 12 choices is too many "
                        "(at most 10: Moodle accepts no finer grades); split the question")
