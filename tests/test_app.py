"""Before Qt loads: a Linux machine without the libraries of Qt's xcb platform is told which packages to install."""

from __future__ import annotations

from khuyenhoc_desktop import app

X11 = {"DISPLAY": ":0"}


def test_a_missing_xcb_library_names_its_debian_package():
    missing = app.missing_display_packages(X11, "linux", exists=lambda p: "libxcb-cursor" not in p,
                                           loadable=lambda name: False)
    assert missing == ["libxcb-cursor0"]
    forced = app.missing_display_packages({"QT_QPA_PLATFORM": "xcb"}, "linux",
                                          exists=lambda p: "icccm" not in p and "keysyms" not in p,
                                          loadable=lambda name: False)
    assert forced == ["libxcb-icccm4", "libxcb-keysyms1"]


def test_a_library_the_loader_finds_elsewhere_is_not_missing():
    asked = []
    assert app.missing_display_packages(X11, "linux", exists=lambda p: False,
                                        loadable=lambda name: asked.append(name) or True) == []
    assert set(asked) == set(app.XCB_LIBRARIES)


def test_no_check_off_linux_offscreen_or_on_wayland():
    def never(_path):
        raise AssertionError("looked for a library")

    assert app.missing_display_packages(X11, "win32", exists=never) == []
    assert app.missing_display_packages({"QT_QPA_PLATFORM": "offscreen"}, "linux", exists=never) == []
    wayland = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}
    assert app.missing_display_packages(wayland, "linux", exists=never) == []


def test_the_window_is_not_started_and_the_message_is_vietnamese(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(app, "missing_display_packages", lambda: ["libxcb-cursor0", "libxcb-icccm4"])
    assert app.run_gui(str(tmp_path / "xa.db"), smoke=True) == 1
    err = capsys.readouterr().err
    assert "máy còn thiếu thư viện hệ thống" in err
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in err
    assert not (tmp_path / "xa.db").exists()  # stopped before the data file was even opened


def test_readme_and_ci_install_every_package_the_check_knows():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    sentence = readme.split("real display", 1)[1].split("Without one of them", 1)[0]
    listed = set(re.findall(r"lib[a-z0-9.+-]+[0-9]", sentence.split("`):", 1)[1]))
    ci = set((root / ".ci" / "run").read_text(encoding="utf-8").split())
    assert set(app.XCB_LIBRARIES.values()) <= listed <= ci
