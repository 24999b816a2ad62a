"""The province's copy of a commune's phiếu keeps the posting date (ngày ghi sổ: the day that puts it in a
period) in a column called `doc_date`, a name that reads as the date of the document (ngày chứng từ).
The column is renamed `posting_date`, as in the commune's own `voucher` table; its values, the index and
the bounds triggers of 0011 (which do not name it) stay as they are."""

VERSION = 12
DESCRIPTION = "Tỉnh: cột ngày ghi sổ của phiếu các xã mang tên posting_date"

STATEMENTS = ["ALTER TABLE prov_voucher RENAME COLUMN doc_date TO posting_date"]


def up(conn) -> None:
    for sql in STATEMENTS:
        conn.execute(sql)
