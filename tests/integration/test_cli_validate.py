"""``climatelimits validate FILE...``: every shipped file passes, a broken one exits 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from climatelimits import catalogue

CATALOGUE = sorted(Path(catalogue.__file__).parent.glob("*.toml"))
EXAMPLES = {
    "oceanhamnen-k3.toml": "building",
    "example-tightening.toml": "schedule",
    "bill-k3.toml": "bill",
    "products-generic.toml": "products",
    "stocks/eu-ecb-db.toml": "stock mapping",
}


def test_every_example_and_catalogue_file_is_valid(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path
) -> None:
    files = [examples_dir / name for name in EXAMPLES] + CATALOGUE
    code, out, err = run("validate", *map(str, files))
    assert (code, err) == (0, "")
    expected = [f"{examples_dir / name}: valid {kind}" for name, kind in EXAMPLES.items()]
    expected += [f"{path}: valid schedule" for path in CATALOGUE]
    assert out.splitlines() == expected
    assert len(CATALOGUE) == len(catalogue.ids())


def test_json_forms_and_a_csv_bill_are_valid(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path, tmp_path: Path
) -> None:
    assert run("schedules", "show", str(examples_dir / "example-tightening.toml"))[0] == 0
    _, schedule_json, _ = run(
        "schedules", "show", str(examples_dir / "example-tightening.toml"), "--format", "json"
    )
    (tmp_path / "schedule.json").write_text(schedule_json, encoding="utf-8")
    (tmp_path / "k3.csv").write_text(
        "id,product,quantity,unit\nwalls,concrete-c30,120,m^3\n", encoding="utf-8"
    )
    code, out, err = run("validate", str(tmp_path / "schedule.json"), str(tmp_path / "k3.csv"))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{tmp_path / 'schedule.json'}: valid schedule",
        f"{tmp_path / 'k3.csv'}: valid bill",
    ]


def test_a_broken_file_exits_2_with_one_line_per_problem(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path, tmp_path: Path
) -> None:
    text = (examples_dir / "example-tightening.toml").read_text(encoding="utf-8")
    assert "decimals = 0" in text
    assert "{ from = 2026-01-01, value = 260 }" in text
    broken = tmp_path / "broken.toml"
    broken.write_text(
        text.replace("decimals = 0", "decimal = 0").replace(
            "{ from = 2026-01-01, value = 260 }", '{ from = 2026-01-01, value = "260" }'
        ),
        encoding="utf-8",
    )
    good = examples_dir / "oceanhamnen-k3.toml"
    code, out, err = run("validate", str(good), str(broken))
    assert code == 2
    assert out == f"{good}: valid building\n"
    lines = err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{broken}: `limits[0]") for line in lines)
    assert any("`limits[0].metric` has unknown keys: decimal" in line for line in lines)
    assert any("categories.multi_family_housing.steps[1].value" in line for line in lines)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('format = "climatelimits.stock/9"\n', "`format` must be one of"),
        (
            'id = "x"\n[[limits]]\nid = "a"\n',
            "`format` is required: start the document with format = 'climatelimits.schedule/1'",
        ),
        (
            # A schedule in the single-limit shorthand was taken for a building.
            'id = "x"\n[metric]\nindicator = "gwp_total"\n',
            "`format` is required: start the document with format = 'climatelimits.schedule/1'",
        ),
        (
            'id = "x"\n[categories.office]\nsteps = []\n',
            "`format` is required: start the document with format = 'climatelimits.schedule/1'",
        ),
        ("id = \n", "not valid TOML"),
    ],
    ids=[
        "unknown-format",
        "no-format-guessed-schedule",
        "no-format-shorthand-metric",
        "no-format-shorthand-categories",
        "not-toml",
    ],
)
def test_unreadable_kinds_exit_2(
    run: Callable[..., tuple[int, str, str]], tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "doc.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run("validate", str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"{path}: {message}")


def test_missing_file_exits_2(run: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "absent.json"))
    assert code == 2
    assert err == f"{tmp_path / 'absent.json'}: cannot be read: No such file or directory\n"
