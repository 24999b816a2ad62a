"""The `khuyenhoc` command: no sub-command opens the window; sub-commands automate (check, summary, demo, …)."""

from __future__ import annotations

import json
import sys
import time

_START = time.perf_counter()  # measured as early as possible for --smoke


_PARSER_CLASS = None

# argparse's own texts (it looks them up through gettext's `_`), in Vietnamese.
ARGPARSE_TEXTS = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này",
    "show program's version number and exit": "in số phiên bản",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hiểu được: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn trong %(choices)s)",
    "expected one argument": "cần một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "not allowed with argument %s": "không dùng chung với tham số %s",
}


def _parser_class():
    """argparse speaking Vietnamese (argparse is imported only for sub-commands, not to open the window)."""
    global _PARSER_CLASS
    if _PARSER_CLASS is None:
        import argparse

        argparse._ = lambda text: ARGPARSE_TEXTS.get(text, text)

        class VietnameseArgumentParser(argparse.ArgumentParser):
            pass

        _PARSER_CLASS = VietnameseArgumentParser
    return _PARSER_CLASS


def build_parser(argv: list[str] | None = None):
    """The whole parser, or (given the arguments to parse) one with only the sub-command typed."""
    from . import __version__
    from .commands import register_all

    VietnameseArgumentParser = _parser_class()

    parser = VietnameseArgumentParser(
        prog="khuyenhoc",
        description="Khuyến học Desktop — phần mềm của Hội Khuyến học xã.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    parser.add_argument("--version", action="version", version=f"Khuyến học Desktop {__version__}",
                        help="in số phiên bản")
    parser.add_argument("--db", dest="gui_db", metavar="PATH", help="tệp dữ liệu cần mở (mặc định: tệp trong thư mục dữ liệu)")
    parser.add_argument("--smoke", action="store_true",
                        help="mở cửa sổ chính, in số mili giây khởi động rồi thoát (để kiểm tra)")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=VietnameseArgumentParser)
    register_all(sub, only=_command_word(argv) if argv is not None else None)
    return parser


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()  # the province import's worker process in a frozen build
    argv = sys.argv[1:] if argv is None else argv
    _force_utf8_output()
    quick = _quick_gui_args(argv)
    if quick is not None:
        # Opening the window: skip building every sub-command parser (faster start-up).
        from .app import run_gui

        return run_gui(db_path=quick[0], smoke=quick[1], started=_START)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        from .app import run_gui

        return run_gui(db_path=args.gui_db, smoke=args.smoke, started=_START)
    from .domain.errors import AppError
    from .logs import setup_logging

    log = setup_logging()
    log.info("command %s", " ".join(argv))
    try:
        return int(args.func(args) or 0)
    except AppError as exc:
        log.warning("command failed: %s", exc.message)
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`… | head`): nothing more to say; keep Python's exit flush from raising again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - disk and database failures get a plain message
        from .storage.database import explain_storage_error

        message = explain_storage_error(exc, getattr(args, "db", None))
        if message is None:
            raise
        log.error("storage failure: %r", exc)
        print(f"Lỗi: {message}", file=sys.stderr)
        return 1


def _command_word(argv: list[str]) -> str | None:
    """The sub-command word of `argv` (after the top-level options), or None."""
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--db":
            i += 2
            continue
        if not a.startswith("-"):
            return a
        i += 1
    return None


def _quick_gui_args(argv: list[str]) -> tuple[str | None, bool] | None:
    db, smoke, i = None, False, 0
    while i < len(argv):
        a = argv[i]
        if a == "--smoke":
            smoke = True
        elif a == "--db" and i + 1 < len(argv):
            db = argv[i + 1]
            i += 1
        elif a.startswith("--db="):
            db = a.split("=", 1)[1]
        else:
            return None
        i += 1
    return db, smoke


def _force_utf8_output() -> None:
    # A Windows console may default to a legacy code page that cannot print Vietnamese.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass


JSON_HELP = "in kết quả dạng một đối tượng JSON (mô tả trong docs/cli.md)"


def add_json_option(parser) -> None:
    """`--json`: the command's result as one JSON object on stdout instead of the Vietnamese lines."""
    parser.add_argument("--json", action="store_true", help=JSON_HELP)


def jsonable(value):
    """Typed results as JSON values: dataclasses as objects, paths as text, dates as YYYY-MM-DD."""
    import dataclasses
    from datetime import date
    from pathlib import PurePath

    if hasattr(value, "to_dict") and not isinstance(value, type):  # a result that chooses its own JSON
        return jsonable(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def print_json(data) -> None:
    print(json.dumps(jsonable(data), ensure_ascii=False, indent=2, sort_keys=False))


def emit(args, data, lines) -> None:
    """Print `data` as JSON with `--json`, else the Vietnamese `lines` (a string or a list of them)."""
    if getattr(args, "json", False):
        print_json(data)
    else:
        print(lines if isinstance(lines, str) else "\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
