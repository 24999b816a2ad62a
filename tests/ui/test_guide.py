"""Trợ giúp → Hướng dẫn sử dụng: the shipped guide, its screenshots, headings and search."""

from __future__ import annotations

import re

import pytest

from khuyenhoc_desktop.resources import resource_path
from khuyenhoc_desktop.ui.guide import GUIDE_FILE, GuideDialog, guide_html, headings
from khuyenhoc_desktop.ui.shortcuts import SHORTCUTS

pytestmark = pytest.mark.gui

SECTIONS = {"bat-dau", "khen-thuong", "in-giay-khen", "can-chinh", "quy", "gui-tinh", "sao-luu", "hoi-vien", "phim-tat"}


def test_guide_covers_the_topics_and_every_image_exists_and_is_small():
    text = guide_html()
    anchors = [anchor for _level, anchor, _title in headings(text)]
    assert SECTIONS <= set(anchors) and len(anchors) == len(set(anchors))
    images = re.findall(r'<img src="([^"]+)"', text)
    folder = resource_path(*GUIDE_FILE).parent
    assert len(images) >= 6
    for name in images:
        path = folder / name
        assert path.is_file(), name
        assert path.stat().st_size <= 120_000, name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a hand copy of the data file is not a backup
    assert "đừng tự chép tệp .db" in text


def test_shortcuts_are_filled_in_from_the_table():
    text = guide_html()
    assert "<!-- phim-tat -->" not in text
    for keys, what, _where in SHORTCUTS:
        assert f"<b>{keys}</b>" in text and what in text


def test_headings_filter_without_accents_and_search_finds_the_words(qtbot):
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    titles = [dialog.contents.item(r).text().strip() for r in range(dialog.contents.count())]
    assert "6. Sao lưu và khôi phục" in titles
    dialog.search.setText("phoi")  # typed without marks
    shown = [dialog.contents.item(r).text().strip() for r in range(dialog.contents.count())
             if not dialog.contents.item(r).isHidden()]
    assert shown == ["3. In giấy khen lên phôi in sẵn", "Căn chỉnh khi in lên phôi"]
    dialog.search.setText("trang căn chỉnh")
    assert dialog.find_next() and dialog.browser.textCursor().selectedText() == "trang căn chỉnh"
    dialog.search.setText("không có trong bài xyz")
    assert not dialog.find_next()


def test_images_load_in_the_viewer(qtbot):
    from PySide6.QtGui import QTextDocument
    from PySide6.QtCore import QUrl

    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    image = dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("anh/khen-thuong.png"))
    assert image is not None and not image.isNull()


def test_the_guide_is_never_larger_than_the_screen(qtbot):
    from khuyenhoc_desktop.ui.layout import SCREEN_MARGIN

    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.width() == min(1000, room.width() - SCREEN_MARGIN)
    assert dialog.height() == min(640, room.height() - SCREEN_MARGIN)
