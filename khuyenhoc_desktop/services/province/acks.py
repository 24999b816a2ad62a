"""The biên nhận (.khack) the province signs for a commune: how far its packages are all here, which
records were accepted and which are returned (with their reason)."""

from __future__ import annotations

from pathlib import Path

from ...storage.province import ledger as ledger_store
from ...storage.province import mirror as mirror_store
from ...storage.province import unit_changes as unit_store
from ...sync import write_ack
from .registry import Registry
from .results import AckData


class Acks(Registry):
    def ack_data(self, commune_code: str) -> AckData:
        """What the biên nhận for a commune says: up_to_seq (contiguous from 1), accepted, returned."""
        pk = ledger_store.hashes(self.db, commune_code)
        up_to = 0
        while up_to + 1 in pk:
            up_to += 1
        current = mirror_store.versions_up_to(self.db, commune_code, up_to)
        if up_to:
            # A new commune's records first received from its old communes are kept under their codes
            # (services/province/unit_changes.py); its biên nhận names them too, at their current version.
            for old_code in unit_store.old_codes_of(self.db, commune_code):
                for uuid, found in mirror_store.versions_up_to(self.db, old_code, 10 ** 12).items():
                    current.setdefault(uuid, found)
        returned: dict[str, tuple] = {}
        for table, uuid, version, reason in ledger_store.rejected_up_to(self.db, commune_code, up_to):
            cur = current.get(uuid)
            if cur is not None and cur[1] > version:
                continue  # fixed since: a newer version was accepted
            returned[uuid] = (table, uuid, version, reason)
        accepted = [(t, u, v) for u, (t, v) in current.items() if u not in returned]
        return AckData(up_to_seq=up_to, last_package_sha256=pk.get(up_to), accepted=accepted,
                       returned=list(returned.values()))

    def write_ack(self, commune_code: str, out: str | Path):
        self._require_province()
        self.commune(commune_code)
        d = self.ack_data(commune_code)
        sign, _ = self._keys()
        p = self.profile()
        return write_ack(out, sign, province_code=p.code or "00", province_name=p.name,
                         commune_code=commune_code, up_to_seq=d.up_to_seq,
                         last_package_sha256=d.last_package_sha256, accepted=d.accepted, returned=d.returned)
