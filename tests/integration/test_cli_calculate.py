"""``climatelimits calculate``, run in-process, and ``check`` on the building it writes.

The expected numbers are the BR18 Tabel 7 values of examples/products-generic.toml times the
quantities of examples/bill-k3.toml, added up by hand:

A1-A3: 120 x 282 + 12 x 282 + 850 x 66.9 + 1200 x 56.3 + 6.5 x (-652) + 180 x 40.3055
       + 2400 x 3.18612 + 60 x 135.75 = 180 457.678 kg CO2e
C3:    120 x 6.72 + 12 x 6.72 + 850 x 1.28 + 1200 x 1 + 6.5 x 709 + 180 x 0.72123
       + 2400 x 0 + 60 x 0.0578 = 7 916.8294
C4:    120 x 4.97 + 12 x 4.97 + 850 x 0.93 + 1200 x 0.734 + 6.5 x 0 + 180 x 0.399579
       + 2400 x 0.150055 + 60 x 1.72 = 2 862.59622
B4:    only the facade battens (30 years < 50) are replaced, once: 6.5 x (-652 + 709 + 0)
       = 370.5
(27.06 t of #B1477 at 2255 kg/m³ is the 12 m³ above.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from climatelimits.io import load_building

A1_A3 = 180457.678
C3 = 7916.8294
C4 = 2862.59622
B4 = 370.5


def calculate_args(examples_dir: Path, *extra: str) -> list[str]:
    return [
        "calculate",
        str(examples_dir / "bill-k3.toml"),
        "--products",
        str(examples_dir / "products-generic.toml"),
        *extra,
    ]


def test_text_output(run: Callable[..., tuple[int, str, str]], examples_dir: Path) -> None:
    code, out, err = run(*calculate_args(examples_dir))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Bill k3: 8 lines, study period 50 years."
    # One precision for the whole table (one decimal at these sizes), from the sums above.
    assert "  A1-A3          180,457.7" in lines
    assert "  B4             370.5" in lines
    assert "  C3             7,916.8" in lines
    assert "  C4             2,862.6" in lines
    # 180 457.678 + 370.5 + 7 916.8294 + 2 862.59622 = 191 607.60362
    assert "  total          191,607.6 (A1-A3,B4,C3-C4, without D)" in lines
    assert "  D              not declared" in lines
    assert any(line.startswith("  - [incomplete_module] gwp D is not declared") for line in lines)


def test_json_output(run: Callable[..., tuple[int, str, str]], examples_dir: Path) -> None:
    code, out, _ = run(*calculate_args(examples_dir, "--format", "json"))
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"bill", "study_period", "results", "findings"}
    gwp = document["results"]["gwp"]
    assert gwp["unit"] == "kg CO2e"
    assert gwp["modules"] == {
        "A1-A3": pytest.approx(A1_A3, rel=1e-12),
        "B4": pytest.approx(B4, rel=1e-12),
        "C3": pytest.approx(C3, rel=1e-12),
        "C4": pytest.approx(C4, rel=1e-12),
        "D": None,
    }
    assert gwp["total"] == pytest.approx(A1_A3 + B4 + C3 + C4, rel=1e-12)
    assert gwp["total_modules"] == "A1-A3,B4,C3-C4"
    assert gwp["incomplete"] is None
    assert document["findings"][0]["code"] == "incomplete_module"


def test_csv_bill_gives_the_same_results(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path, tmp_path: Path
) -> None:
    from climatelimits.io.bills import dump_bill, load_bill

    csv_bill = tmp_path / "k3.csv"
    dump_bill(load_bill(examples_dir / "bill-k3.toml"), csv_bill)
    _, toml_out, _ = run(*calculate_args(examples_dir, "--format", "json"))
    code, csv_out, _ = run(
        "calculate",
        str(csv_bill),
        "--products",
        str(examples_dir / "products-generic.toml"),
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(csv_out)["results"] == json.loads(toml_out)["results"]


def test_written_building_is_checked(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path, tmp_path: Path
) -> None:
    building_path = tmp_path / "k3-building.toml"
    code, _, err = run(
        *calculate_args(
            examples_dir,
            "-o",
            str(building_path),
            "--building-id",
            "k3",
            "--use",
            "multi_family_housing",
            "--area",
            "se_bta=1000 m^2",
        ),
    )
    assert (code, err) == (0, "")
    # The file carries the numbers as summed by hand above, without binary noise.
    text = building_path.read_text(encoding="utf-8")
    assert 'reference_study_period = "50 a"' in text
    assert 'se_bta = "1000 m²"' in text
    assert "A1-A3 = 180457.678\n" in text
    assert "C3 = 7916.8294\n" in text
    assert "C4 = 2862.59622\n" in text
    building = load_building(building_path)
    assert building.reference_study_period is not None
    assert float(building.reference_study_period.magnitude) == 50.0
    assert building.results["gwp"].to_mapping()["A1-A3"] == pytest.approx(A1_A3, rel=1e-12)

    # The example schedule, measured on the bill's indicator and modules (A1-A3, C3-C4).
    schedule_text = (examples_dir / "example-tightening.toml").read_text(encoding="utf-8")
    assert 'indicator = "gwp_total"' in schedule_text
    assert 'modules = "A1-A5"' in schedule_text
    schedule = tmp_path / "schedule.toml"
    schedule.write_text(
        schedule_text.replace('indicator = "gwp_total"', 'indicator = "gwp"').replace(
            'modules = "A1-A5"', 'modules = "A1-A3,C3-C4"'
        ),
        encoding="utf-8",
    )
    code, out, _ = run(
        "check",
        str(building_path),
        "--schedule",
        str(schedule),
        "--on",
        "2025-01-01",
        "--format",
        "json",
    )
    # (180 457.678 + 7 916.8294 + 2 862.59622) / 1000 m² = 191.2 -> 191 <= 300: passes.
    assert code == 0
    (result,) = json.loads(out)["checks"]
    assert result["compared_value"] == 191.0
    assert result["status"] == "pass"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("-o", "b.toml"), "`-o` needs `--use`"),
        (("--use", "office"), "only apply with `-o BUILDING`"),
        (
            ("-o", "b.toml", "--building-id", "x", "--use", "office", "--area", "se_bta"),
            "`--area` must be NAME=QUANTITY",
        ),
    ],
)
def test_bad_options_exit_2(
    run: Callable[..., tuple[int, str, str]],
    examples_dir: Path,
    extra: tuple[str, ...],
    message: str,
) -> None:
    code, out, err = run(*calculate_args(examples_dir, *extra))
    assert code == 2
    assert out == ""
    assert message in err


def test_bad_bill_exits_2_naming_file_and_field(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path, tmp_path: Path
) -> None:
    bill = tmp_path / "bad.toml"
    bill.write_text(
        'format = "climatelimits.bill/1"\nid = "b"\n[[lines]]\nid = "l1"\nproduct = "#B1477"\n'
        'quantity = "12 kgg"\n',
        encoding="utf-8",
    )
    code, _, err = run(
        "calculate",
        str(bill),
        "--products",
        str(examples_dir / "products-generic.toml"),
    )
    assert code == 2
    assert err.startswith(f"climatelimits: error: {bill}: `lines[0].quantity` must be a unit")


def test_unknown_product_exits_2(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path, tmp_path: Path
) -> None:
    bill = tmp_path / "b.csv"
    bill.write_text("id,product,quantity,unit\nl1,#X1,1,kg\n", encoding="utf-8")
    code, _, err = run(
        "calculate", str(bill), "--products", str(examples_dir / "products-generic.toml")
    )
    assert code == 2
    assert "refers to products that were not given: '#X1' (lines 'l1')" in err
