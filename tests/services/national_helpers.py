"""Two provinces with synthetic communes (tests/services/test_province_import.py's builders), their key
cards, and a national store on either engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from khuyenhoc_desktop.services.workspace import Workspace
from tests.clock_helpers import TEST_CLOCK
from tests.services.test_province_import import Commune, award, learning_class, voucher

# province code → (name, [(commune code, commune name, awards, classes, receipts)])
PROVINCES = {
    "24": ("Bắc Ninh", [("07462", "Tân Dĩnh", 3, 1, 1_000_000), ("07465", "Song Khê", 2, 0, 500_000)]),
    "01": ("Hà Nội", [("00004", "Ba Đình", 4, 2, 2_000_000)]),
}


class ProvinceFixture:
    """A province store with its communes imported, and its public key card."""

    def __init__(self, folder: Path, code: str, store: str | Path | None = None):
        self.code = code
        self.name, communes = PROVINCES[code]
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.ws = Workspace.open(store or self.folder / "tinh.db", role="province", clock=TEST_CLOCK)
        self.ws.province.set_profile(code, self.name)
        self.card = self.folder / f"tinh-{code}.khkey"
        self.ws.province.key_card().save(self.card)
        self.communes = {}
        offset = int(code) * 1000
        for commune_code, commune_name, awards, classes, receipts in communes:
            c = Commune(self.folder / commune_code, code=commune_code, name=commune_name)
            self.ws.province.register_commune(commune_code, commune_name, c.card_path)
            rows = [award(offset + i, amount=100_000 * (i + 1)) for i in range(awards)]
            rows.append(award(offset + 500, status="draft", amount=50_000))
            rows += [learning_class(offset + i, learners=10 + i) for i in range(classes)]
            rows.append(voucher(offset + int(commune_code), "thu", receipts))
            report = self.ws.province.import_file(c.package(rows))
            assert report.ok, (report.message, report.rejected)
            offset += 100
            self.communes[commune_code] = c

    def add_awards(self, commune_code: str, n: int, start: int) -> None:
        """More awards of one commune (a later package): the province's figures change."""
        c = self.communes[commune_code]
        report = self.ws.province.import_file(c.package([award(start + i, amount=10_000) for i in range(n)]))
        assert report.ok, report.message

    def close(self) -> None:
        self.ws.close()


def open_national(target: str | Path) -> Workspace:
    return Workspace.open(target, role="national", clock=TEST_CLOCK)


@pytest.fixture(params=("sqlite", "postgresql"))
def national_db(request, tmp_path) -> str:
    """The national store: a file, or an empty PostgreSQL database (made with the national role)."""
    if request.param == "sqlite":
        yield str(tmp_path / "trung-uong.db")
        return
    server = request.getfixturevalue("pg_server")
    url = server.new_database(with_schema=False)
    yield url
    server.drop_database(url)
