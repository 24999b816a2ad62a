"""Realistic Vietnamese demo data: a commune profile, catalogues and award records (fast for millions).

Vouchers, classes and meetings come from each service's `demo_fill(ws, rng, awards_count)`,
called after the awards are in.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from ..domain.awards import AwardDraft
from ..domain.organisation import sample_organisation
from ..storage import awards as award_store
from ..storage.records import new_uuid, next_change_seq, now_iso

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
SUBJECTS = ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lí", "Hóa học", "Sinh học", "Lịch sử", "Địa lí", "Tin học"]

# (category, level, prize or None, weight, form)
CATEGORY_MIX = [
    ("Học sinh giỏi", "Cấp trường", None, 40, "Tiền"),
    ("Học sinh xuất sắc", "Cấp trường", None, 25, "Tiền"),
    ("Học sinh giỏi cấp tỉnh", "Cấp tỉnh", "prize", 8, "Tiền"),
    ("Học sinh giỏi cấp quốc gia", "Quốc gia", "prize", 1, "Tiền"),
    ("Học sinh nghèo vượt khó", "Cấp xã/cụm", None, 10, "Học bổng"),
    ("Tân sinh viên", "Cấp xã/cụm", None, 8, "Tiền"),
    ("Gương sáng hiếu học", "Cấp xã/cụm", None, 5, "Giấy khen"),
    ("Học bổng", "Cấp xã/cụm", None, 3, "Học bổng"),
]
PRIZES = ["Nhất", "Nhì", "Ba", "Khuyến khích"]


def _school_years(n: int = 4) -> list[str]:
    today = date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return [f"{y}-{y + 1}" for y in range(start - n + 1, start + 1)]


def random_award(rng: random.Random, school_year: str, schools: list[str], rates: dict) -> AwardDraft:
    male = rng.random() < 0.5
    name = f"{rng.choice(HO)} {rng.choice(DEM_NAM if male else DEM_NU)} {rng.choice(TEN_NAM if male else TEN_NU)}"
    category, level, prize_kind, _, form = rng.choices(CATEGORY_MIX, weights=[c[3] for c in CATEGORY_MIX])[0]
    prize = rng.choice(PRIZES) if prize_kind else ""
    first_year = int(school_year[:4])
    if category == "Tân sinh viên":
        grade, school = 12, "Trường THPT"
        achievement = f"Đỗ đại học với {rng.choice([26, 27, 27.5, 28, 28.5, 29])} điểm"
    else:
        school = rng.choice(schools) if schools else "Trường THCS"
        if "Tiểu học" in school:
            grade = rng.randint(1, 5)
        elif "THPT" in school:
            grade = rng.randint(10, 12)
        else:
            grade = rng.randint(6, 9)
        subject = rng.choice(SUBJECTS) if prize else ""
        achievement = {
            "Học sinh giỏi": f"Đạt danh hiệu Học sinh Giỏi năm học {school_year}",
            "Học sinh xuất sắc": f"Đạt danh hiệu Học sinh Xuất sắc năm học {school_year}",
            "Học sinh nghèo vượt khó": "Học sinh nghèo vượt khó, học tập tốt",
            "Gương sáng hiếu học": "Gương sáng hiếu học tiêu biểu của xã",
            "Học bổng": "Học bổng khuyến học dành cho học sinh có hoàn cảnh khó khăn",
        }.get(category, f"Đạt giải {prize} môn {subject} kỳ thi học sinh giỏi {level.lower()}")
    birth_year = first_year - grade - 5
    birth = date(birth_year, 1, 1) + timedelta(days=rng.randint(0, 364))
    # Awards are decided in August after the school year; the current year's are still drafts.
    decision_date = date(first_year + 1, 8, rng.randint(10, 28))
    if decision_date > date.today():
        decision_no, decision_date, status = "", None, "draft"
    else:
        decision_no = f"{rng.randint(1, 40):02d}/QĐ-HKH"
        status = rng.choices(["draft", "approved", "awarded"], weights=[1, 3, 6])[0]
    amount = rates.get((category, level, prize)) or rates.get((category, level, "")) or rng.choice([100_000, 200_000, 300_000])
    return AwardDraft(
        school_year=school_year,
        batch=f"Lễ tuyên dương khen thưởng năm học {school_year}",
        full_name=name,
        birth_date=birth if rng.random() < 0.9 else None,
        birth_year=birth_year,
        gender="Nam" if male else "Nữ",
        parent_name=f"{rng.choice(HO)} {rng.choice(DEM_NAM)} {rng.choice(TEN_NAM)}",
        village=rng.choice(VILLAGES),
        class_name=str(grade) + rng.choice("ABCDE") if grade < 13 else "",
        school=school,
        category=category,
        level=level,
        prize=prize,
        subject="",
        achievement=achievement,
        award_form=form,
        amount=amount,
        funding_source=rng.choice(["Quỹ khuyến học xã", "Quỹ khuyến học xã", "Nhà hảo tâm, doanh nghiệp", "Dòng họ"]),
        decision_no=decision_no,
        decision_date=decision_date,
        status=status,
    )


def fill(
    ws,
    awards: int = 200,
    seed: int | None = None,
    commune_code: str | None = None,
    commune_name: str | None = None,
    batch_size: int = 20_000,
    progress=None,
) -> dict:
    """Fill the workspace with demo data; returns what was made. Awards go in with bulk inserts.

    With `progress(done, total)` (the window) everything goes in one transaction, so a stop (progress
    raising) leaves the file as it was; without it (benchmarks, millions of rows) each batch commits."""
    if progress is not None:
        with ws.db.atomic():
            return _fill(ws, awards, seed, commune_code, commune_name, batch_size, progress)
    return _fill(ws, awards, seed, commune_code, commune_name, batch_size, progress)


def _fill(ws, awards, seed, commune_code, commune_name, batch_size, progress) -> dict:
    rng = random.Random(seed)
    org = ws.organisation
    if not org.is_complete or commune_code or commune_name:
        base = org if org.is_complete else sample_organisation()
        name = commune_name or base.commune
        base = replace(
            base,
            commune=name,
            commune_code=commune_code or base.commune_code,
            committee_name=f"Hội Khuyến học xã {name}",
            parent_body=f"Ủy ban nhân dân xã {name}",
            place_name=name,
        )
        ws.profile.save(base)
    years = _school_years()
    known_rates = ws.catalogs.rates()
    for y in years:
        if y not in ws.catalogs.names("school_year"):
            ws.catalogs.add("school_year", y)
        if known_rates and not ws.catalogs.rates(y):
            ws.catalogs.copy_rates(known_rates[-1].school_year, y)
    current = years[-1]
    rates = {(r.category, r.level, r.prize): r.amount for r in ws.catalogs.rates(current)}
    # Kindergartens give no study awards; keep primary, lower and upper secondary schools.
    schools = [s for s in ws.catalogs.names("school") if "{commune}" not in s and "Mầm non" not in s] or ["Trường THCS"]
    db = ws.db
    made = 0
    while made < awards:
        n = min(batch_size, awards - made)
        with db.atomic():
            last_seq = next_change_seq(db, n)
            now = now_iso()
            rows = []
            for i in range(n):
                year = years[-1 - min(int(rng.expovariate(1.0)), len(years) - 1)]
                draft = random_award(rng, year, schools, rates).normalized()
                values = award_store.row_values(draft)
                values.update(uuid=new_uuid(), version=1, created_at=now, updated_at=now, deleted=0,
                              change_seq=last_seq - n + 1 + i)
                rows.append(values)
            award_store.insert_many(db, rows)
        made += n
        if progress:
            progress(made, awards)
    result = {"awards": made}
    from . import classes, fund, meetings

    for name, module in (("fund", fund), ("classes", classes), ("meetings", meetings)):
        result[name] = module.demo_fill(ws, rng, made)
        if progress:
            progress(made, awards)  # a last chance to stop, still inside the transaction
    return result
