"""Bills of quantities: lines, transport legs and their validation."""

from __future__ import annotations

import re

import pytest

from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.quantities import BillLine, BillOfQuantities, Transport
from climatelimits.units import registry

Q = registry().Quantity


class TestTransport:
    def test_units_are_canonical(self) -> None:
        leg = Transport("0.6 Mm", "truck", "80 g CO2e/(t*km)")
        assert leg.distance == Q(600.0, "km")
        assert leg.factor_per_tonne_km == pytest.approx(0.08)
        assert leg.indicator == "gwp_total"

    def test_factor_of_another_indicator(self) -> None:
        leg = Transport("10 km", "ship", "0.002 EUR/(t*km)", indicator="mki")
        assert leg.factor_per_tonne_km == pytest.approx(0.002)

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            pytest.param(
                ("-1 km", "truck", "0.1 kg CO2e/(t*km)"),
                InvalidInputError,
                "`distance` must not be negative; got -1 km",
                id="negative-distance",
            ),
            pytest.param(
                ("10 kg", "truck", "0.1 kg CO2e/(t*km)"),
                UnitsError,
                "`distance` must be in a unit like 'km'; got 10 kg",
                id="distance-dimension",
            ),
            pytest.param(
                ("10 km", "truck", "0.1 kg CO2e/km"),
                UnitsError,
                "`factor` must be in a unit like 'kg CO2e/t/km'; got 0.1 kg CO2e/km",
                id="factor-dimension",
            ),
            pytest.param(
                ("10 km", " ", "0.1 kg CO2e/(t*km)"),
                InvalidInputError,
                "`mode` must be a non-empty text; got ' '",
                id="blank-mode",
            ),
        ],
    )
    def test_bad_legs(self, args: tuple[str, str, str], error: type, message: str) -> None:
        with pytest.raises(error, match=re.escape(message)):
            Transport(*args)

    def test_unknown_indicator(self) -> None:
        with pytest.raises(UnknownReferenceError):
            Transport("10 km", "truck", "0.1 kg CO2e/(t*km)", indicator="co2")


class TestBillLine:
    def test_defaults_and_normalisation(self) -> None:
        line = BillLine(
            "l1",
            "concrete",
            "23.6 m^3",
            service_life="600 month",
            scenario={"c3 - c4": "incineration"},
            properties={"area_mass": "0.5 kg/m^2"},
        )
        assert line.quantity == Q(23.6, "m^3")
        assert line.service_life is not None
        assert float(line.service_life.magnitude) == pytest.approx(50.0)
        assert dict(line.scenario) == {"C3-C4": "incineration"}
        assert line.transport == ()
        assert line.waste_factor is None

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            pytest.param(
                {"waste_factor": 0.95},
                InvalidInputError,
                "`waste_factor` must be a finite number of at least 1 (1.05 = 5 % waste); "
                "got 0.95",
                id="waste-below-one",
            ),
            pytest.param(
                {"waste_factor": "5%"},
                InvalidInputError,
                "`waste_factor` must be a number of at least 1",
                id="waste-text",
            ),
            pytest.param(
                {"service_life": "0 year"},
                InvalidInputError,
                "`service_life` must be longer than 0 years; got 0 a",
                id="zero-service-life",
            ),
            pytest.param(
                {"scenario": {"A4": ""}},
                InvalidInputError,
                "`scenario.A4` must be a scenario id; got ''",
                id="blank-scenario",
            ),
            pytest.param(
                {"properties": {"weight": "1 kg"}},
                UnknownReferenceError,
                "`properties` keys must be one of mass_per_declared_unit",
                id="unknown-property",
            ),
            pytest.param(
                {"transport": [{"distance": "1 km"}]},
                InvalidInputError,
                "`transport[0]` must be a Transport",
                id="transport-type",
            ),
        ],
    )
    def test_bad_fields(self, kwargs: dict[str, object], error: type, message: str) -> None:
        with pytest.raises(error, match=re.escape(message)):
            BillLine("l1", "p", "1 kg", **kwargs)  # type: ignore[arg-type]

    def test_negative_quantity(self) -> None:
        with pytest.raises(InvalidInputError, match=re.escape("`quantity` must not be negative")):
            BillLine("l1", "p", "-1 kg")

    def test_quantity_needs_a_unit(self) -> None:
        with pytest.raises(UnitsError, match=re.escape("`quantity` must state its unit")):
            BillLine("l1", "p", 5)


class TestBill:
    def test_line_ids_are_unique(self) -> None:
        line = BillLine("l1", "p", "1 kg")
        with pytest.raises(InvalidInputError, match=re.escape("already used by lines[0]")):
            BillOfQuantities("b", [line, line])

    def test_product_ids_in_order_of_first_use(self) -> None:
        bill = BillOfQuantities(
            "b",
            [BillLine("l1", "b", "1 kg"), BillLine("l2", "a", "1 kg"), BillLine("l3", "b", "1 t")],
        )
        assert bill.product_ids == ("b", "a")


def test_an_unpickled_bill_keeps_its_columns_read_only() -> None:
    import pickle

    import pytest

    from climatelimits.quantities import BillLine, BillOfQuantities

    bill = BillOfQuantities("b", (BillLine("l1", "concrete", "2 m^3"),))
    again = pickle.loads(pickle.dumps(bill))
    assert again == bill
    with pytest.raises(ValueError, match="read-only"):
        again.columns.quantity[0] = 5.0
