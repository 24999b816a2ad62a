"""Vietnamese family names, middle and given names, and villages for demo people."""

HO = (["Nguyễn"] * 38 + ["Trần"] * 11 + ["Lê"] * 9 + ["Phạm"] * 7 + ["Hoàng"] * 5 + ["Vũ"] * 4 + ["Phan"] * 4
      + ["Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh", "Trịnh", "Lương", "Mai", "Tạ", "Thân", "Giáp"])
DEM_NAM = ["Văn", "Đức", "Minh", "Quốc", "Hoàng", "Gia", "Thành", "Hữu", "Tuấn", "Bảo", "Đăng", "Trọng", "Xuân", "Quang"]
DEM_NU = ["Thị", "Ngọc", "Thu", "Thanh", "Khánh", "Phương", "Minh", "Bảo", "Hải", "Thùy", "Mai", "Diệu", "Quỳnh", "Thị Thu"]
TEN_NAM = ["An", "Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
           "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
           "Quang", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Trí", "Trung", "Tú", "Tuấn", "Việt", "Vinh", "Ân", "Ưng"]
TEN_NU = ["An", "Anh", "Ánh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hòa",
          "Hồng", "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
          "Phương", "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Trâm", "Uyên", "Vân", "Vy", "Yến", "Ý", "Ly"]
VILLAGES = ["Thôn Đồng Quan", "Thôn Tân Mỹ", "Thôn Hạ Lát", "Thôn Lãn Tranh", "Thôn Chùa", "Thôn Đông Tiến",
            "Thôn Phố Mới", "Thôn Hòa Yên"]
