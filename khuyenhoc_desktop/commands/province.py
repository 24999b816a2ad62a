"""`khuyenhoc province move --from TỆP.db --to postgresql://… [--json]`: the province's file moved to a
PostgreSQL server (services/province/move.py), progress on stderr.

`khuyenhoc province share-keys --db KHO --out TỆP.khkeys` and `province accept-keys --db KHO TỆP.khkeys`: the
province's private keys given to another staff PC (services/province/key_sharing.py); the passphrase is
typed at the prompt or read from `--passphrase-env TÊN_BIẾN`, never a command-line value."""

from __future__ import annotations


def register(sub) -> None:
    from ..cli import add_json_option

    p = sub.add_parser("province", help="(tỉnh) kho dữ liệu của tỉnh: chuyển lên máy chủ PostgreSQL, chia sẻ khóa "
                                        "cho máy khác",
                       description="Các việc với kho dữ liệu của tỉnh.")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
    group = p.add_subparsers(dest="province_command", metavar="LỆNH", parser_class=type(p))
    m = group.add_parser(
        "move", help="chuyển tệp dữ liệu của tỉnh (SQLite) lên một cơ sở dữ liệu PostgreSQL trống",
        description="Chép toàn bộ tệp dữ liệu của tỉnh (hoặc kho tổng hợp toàn quốc) vào một cơ sở dữ liệu "
                    "PostgreSQL còn trống, trong một giao dịch (lỗi giữa chừng thì máy chủ không có gì). Mật khẩu "
                    "lấy từ biến PGPASSWORD hoặc tệp ~/.pgpass, không ghi trong địa chỉ. Tệp cũ giữ nguyên.")
    m.add_argument("--from", dest="source", required=True, metavar="TỆP.db",
                   help="tệp dữ liệu của tỉnh (hoặc kho toàn quốc)")
    m.add_argument("--to", dest="target", required=True, metavar="postgresql://NGƯỜI_DÙNG@MÁY_CHỦ:CỔNG/TÊN",
                   help="cơ sở dữ liệu PostgreSQL trống")
    add_json_option(m)
    m.set_defaults(func=run_move)

    sk = group.add_parser(
        "share-keys", help="ghi khóa riêng của tỉnh vào tệp có mật khẩu (.khkeys) để thêm một máy của cán bộ khác",
        description="Trên máy đang ký được biên nhận: ghi khóa ký và khóa giải mã của tỉnh vào một tệp chuyển khóa "
                    "được mã hóa bằng mật khẩu (hỏi hai lần, hoặc lấy từ biến môi trường --passphrase-env). Đưa tệp "
                    "cho đồng nghiệp (USB…) và báo mật khẩu riêng; trên máy kia chạy “khuyenhoc province "
                    "accept-keys”. Vẫn là khóa cũ: dấu vân tay các xã đã đăng ký không đổi.")
    sk.add_argument("--db", required=True, metavar="KHO", help="tệp dữ liệu của tỉnh hoặc postgresql://…")
    sk.add_argument("--out", required=True, metavar="TỆP.khkeys", help="tệp chuyển khóa cần ghi")
    _passphrase_option(sk)
    add_json_option(sk)
    sk.set_defaults(func=run_share_keys)

    ak = group.add_parser(
        "accept-keys", help="nhận khóa riêng của tỉnh từ tệp .khkeys cho máy này",
        description="Trên máy chưa mở được khóa của tỉnh: thêm bản khóa của máy này vào kho dữ liệu từ tệp chuyển "
                    "khóa một đồng nghiệp đã ghi (khuyenhoc province share-keys), với mật khẩu của tệp. Tệp hỏng, "
                    "sai mật khẩu hoặc khóa không phải của kho này thì bị từ chối, không ghi gì.")
    ak.add_argument("--db", required=True, metavar="KHO", help="tệp dữ liệu của tỉnh hoặc postgresql://…")
    ak.add_argument("file", metavar="TỆP.khkeys", help="tệp chuyển khóa")
    _passphrase_option(ak)
    add_json_option(ak)
    ak.set_defaults(func=run_accept_keys)


def _passphrase_option(parser) -> None:
    parser.add_argument("--passphrase-env", metavar="TÊN_BIẾN",
                        help="lấy mật khẩu của tệp chuyển khóa từ biến môi trường này (không ghi mật khẩu trên "
                             "dòng lệnh)")


def _passphrase(args, confirm: bool) -> str:
    from .backup import read_passphrase

    return read_passphrase(args.passphrase_env, confirm, "Mật khẩu của tệp chuyển khóa",
                           required_env=bool(args.passphrase_env), no_prompt="dùng --passphrase-env TÊN_BIẾN")


def _transfer_lines(t) -> list[str]:
    label = f"{t.province_name} (mã {t.province_code})" if t.province_name else f"mã {t.province_code or '—'}"
    return [f"  Tỉnh: {label}", f"  Dấu vân tay khóa ký: {t.signing_fingerprint}",
            f"  Dấu vân tay khóa mã hóa: {t.encryption_fingerprint}",
            f"  Số máy mở được khóa trong kho: {t.machines}"]


def run_share_keys(args) -> int:
    from ..cli import emit
    from .sync_province import _open

    passphrase = _passphrase(args, confirm=True)
    with _open(args.db) as ws:
        shared = ws.province.share_keys(args.out, passphrase)
    lines = [f"Đã ghi tệp chuyển khóa của tỉnh: {shared.path}", *_transfer_lines(shared),
             "Đưa tệp cho đồng nghiệp và báo mật khẩu riêng (nói trực tiếp hoặc gọi điện, không gửi kèm tệp). Trên "
             f"máy kia chạy: khuyenhoc province accept-keys --db {args.db} {shared.path.name}",
             "Xóa tệp sau khi máy kia đã nhận khóa."]
    emit(args, shared.to_dict(), lines)
    return 0


def run_accept_keys(args) -> int:
    from ..cli import emit
    from ..services.province import inspect_transfer
    from ..vietnamese import format_local_time
    from .sync_province import _open

    info = inspect_transfer(args.file)  # a damaged file is refused before the passphrase is asked
    if not args.json and not args.passphrase_env:
        print(f"Tệp chuyển khóa ghi lúc {format_local_time(info.created_at)}:", *_transfer_lines(info)[:3], sep="\n")
    passphrase = _passphrase(args, confirm=False)
    with _open(args.db) as ws:
        added = ws.province.accept_keys(args.file, passphrase)
    if added.already:
        lines = ["Máy này đã mở được khóa của tỉnh từ trước; không thay đổi gì.", *_transfer_lines(added)]
    else:
        lines = ["Máy này đã nhận khóa của tỉnh: từ nay ghi được biên nhận và nhập được gói mã hóa của xã.",
                 *_transfer_lines(added)]
    emit(args, added.to_dict(), lines)
    return 0


def run_move(args) -> int:
    import sys

    from ..cli import emit
    from ..services.province.move import move_province
    from ..vietnamese import format_vnd

    report = move_province(args.source, args.target, say=lambda line: print(line, file=sys.stderr, flush=True))
    lines = [f"Đã chuyển tệp “{report.source}” lên {report.target}: {format_vnd(report.rows)} dòng."]
    lines += [f"  {table}: {format_vnd(n)} dòng" for table, n in report.tables.items()]
    emit(args, report.to_dict(), lines)
    return 0
