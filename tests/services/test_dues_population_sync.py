"""Dues paid and sent upward and the population figures travel to the province (schema 17): its
`members.population`, `percent_of_population` and `dues` {collected, submitted} per commune equal the
communes' own summaries, its totals their sums; a reversed phiếu thu reaches it with the next package;
what is due stays a commune's figure (its rates do not travel)."""

from __future__ import annotations

from khuyenhoc_desktop.services.summary import summary
from khuyenhoc_desktop.sync import open_package
from tests.clock_helpers import TEST_CLOCK
from tests.services.test_members_sync import two_communes  # noqa: F401 - the fixture

FIGURES = ("count", "population", "percent_of_population")


def _figures(members: dict) -> tuple:
    return (*(members[k] for k in FIGURES), members["dues"]["collected"], members["dues"]["submitted"])


def _send(prov, ws, path):
    info = ws.sync.export_package(path)
    rep = prov.province.import_file(info.path)
    assert rep.ok and rep.mismatched_tables == [], (rep.rejected[:3], rep.warnings)
    return rep, open_package(info.path).counts


def test_the_province_counts_population_and_dues_as_the_communes_do(two_communes):  # noqa: F811
    prov, communes, tmp = two_communes
    for ws in communes:
        _rep, sent = _send(prov, ws, tmp / f"{ws.organisation.commune_code}.khsync")
        assert {"dues_payment", "dues_submission", "population"} <= set(sent)
    for school_year in (None, "2024-2025", "2025-2026"):
        own = {ws.organisation.commune_code: summary(ws, school_year)["members"] for ws in communes}
        assert all(m["population"] for m in own.values())  # the demo enters last year's and this year's
        if school_year is None:  # and collects this year's dues
            assert all(m["dues"]["collected"] > 0 and m["dues"]["submitted"] > 0 for m in own.values())
        s = summary(prov, school_year)
        assert {code: _figures(c["members"]) for code, c in s["by_commune"].items()} == {
            code: _figures(m) for code, m in own.items()}
        assert all(c["members"]["dues"]["due"] is None for c in s["by_commune"].values())
        # the province: the sums, and its share worked out from them
        people = sum(m["population"] for m in own.values())
        count = sum(m["count"] for m in own.values())
        assert s["members"]["population"] == people
        assert s["members"]["percent_of_population"] == round(100 * count / people, 2)
        assert s["members"]["dues"] == {"due": None,
                                        "collected": sum(m["dues"]["collected"] for m in own.values()),
                                        "submitted": sum(m["dues"]["submitted"] for m in own.values())}


def test_a_reversed_phieu_thu_of_dues_reaches_the_province_with_the_next_package(two_communes):  # noqa: F811
    prov, communes, tmp = two_communes
    xa = communes[0]
    for ws in communes:
        _send(prov, ws, tmp / f"{ws.organisation.commune_code}.khsync")
    year = TEST_CLOCK.today().year
    before = summary(prov)["by_commune"]["07462"]["members"]["dues"]["collected"]
    # one collection of this year, on its own phiếu thu
    voucher_uuid, batch = xa.db.execute_sql(
        "SELECT voucher_uuid, SUM(amount) FROM dues_payment WHERE year = ? AND status = 'paid' AND deleted = 0"
        " GROUP BY voucher_uuid ORDER BY voucher_uuid LIMIT 1", (year,)).fetchone()
    xa.fund.reverse(voucher_uuid, "Thu nhầm", TEST_CLOCK.today())
    rep, sent = _send(prov, xa, tmp / "07462-2.khsync")
    assert rep.counts["updated"] >= 1 and sent["dues_payment"]["upsert"] >= 1
    after = summary(prov)["by_commune"]["07462"]["members"]["dues"]["collected"]
    assert after == before - batch == summary(xa)["members"]["dues"]["collected"]


def test_a_commune_without_population_leaves_the_provinces_share_unknown(two_communes):  # noqa: F811
    prov, communes, tmp = two_communes
    xa, other = communes
    for year in other.population.years():  # the second commune has entered no population
        other.population.save_year(year, [], confirm=True, reason="Nhập lại sau")
    for ws in communes:
        _send(prov, ws, tmp / f"{ws.organisation.commune_code}.khsync")
    s = summary(prov)
    assert s["by_commune"]["07465"]["members"]["population"] is None
    assert s["by_commune"]["07465"]["members"]["percent_of_population"] is None
    assert s["by_commune"]["07462"]["members"]["population"] == summary(xa)["members"]["population"]
    # a part of the members against a part of the people would be a wrong share
    assert s["members"]["population"] is None and s["members"]["percent_of_population"] is None


def test_the_province_refuses_a_dues_row_it_could_not_count():
    from khuyenhoc_desktop.services.province.rules import row_problem

    good = {"member_uuid": "m", "year": 2026, "amount": 24_000, "paid_on": "2026-03-01", "status": "paid",
            "deleted": 0}
    assert row_problem("dues_payment", good) is None
    assert "status" in row_problem("dues_payment", {**good, "status": "refunded"})
    assert "amount" in row_problem("dues_payment", {**good, "amount": -5})
    assert "Thiếu trường year" == row_problem("dues_payment", {k: v for k, v in good.items() if k != "year"})
    assert "population" in row_problem("population", {"year": 2026, "population": "8000", "deleted": 0})
