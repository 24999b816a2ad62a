from khuyenhoc_desktop.pdf.registration_form import registration_form_pdf

from .pdfhelpers import pdf_text


def test_the_form_prints_each_line_and_the_fingerprint_as_shown_for_reading_aloud():
    text = "PHIẾU ĐĂNG KÝ KHÓA\n\nĐơn vị: Hội Khuyến học xã Tân Dĩnh\n    ABCD1234-EF015678\nChủ tịch Hội: Nguyễn Văn Thắng\n"
    data = registration_form_pdf(text, "ABCD1234-EF015678", "ABCD 1234 · EF01 5678")
    pages = pdf_text(data)
    assert len(pages) == 1
    page = pages[0]
    for line in ("PHIẾU ĐĂNG KÝ KHÓA", "Đơn vị: Hội Khuyến học xã Tân Dĩnh", "ABCD 1234 · EF01 5678",
                 "Chủ tịch Hội: Nguyễn Văn Thắng"):
        assert line in page
    assert "ABCD1234-EF015678" not in page  # drawn only grouped
