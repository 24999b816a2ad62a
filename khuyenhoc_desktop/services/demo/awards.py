"""Demo award records over the last school years, dated from the demo's `today` (fast for millions)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ...domain.awards import AwardDraft
from ...storage import awards as award_store
from ...storage.records import new_uuid, next_change_seq, now_iso
from .names import DEM_NAM, DEM_NU, HO, TEN_NAM, TEN_NU, VILLAGES

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


def school_years(today: date, n: int = 4) -> list[str]:
    """The `n` school years up to the one `today` is in (a school year starts on 1 September)."""
    start = today.year if today.month >= 9 else today.year - 1
    return [f"{y}-{y + 1}" for y in range(start - n + 1, start + 1)]


def random_award(rng: random.Random, school_year: str, schools: list[str], rates: dict, today: date) -> AwardDraft:
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
    if decision_date > today:
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


def fill(ws, rng: random.Random, count: int, today: date, batch_size: int, progress=None) -> int:
    """`count` awards spread over the last four school years (the newest has most), with those years in
    the catalogue and their award amounts copied from the latest year known. Returns how many were made."""
    years = school_years(today)
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
    while made < count:
        n = min(batch_size, count - made)
        with db.atomic():
            last_seq = next_change_seq(db, n)
            now = now_iso()
            rows = []
            for i in range(n):
                year = years[-1 - min(int(rng.expovariate(1.0)), len(years) - 1)]
                draft = random_award(rng, year, schools, rates, today).normalized()
                values = award_store.row_values(draft)
                values.update(uuid=new_uuid(), version=1, created_at=now, updated_at=now, deleted=0,
                              change_seq=last_seq - n + 1 + i)
                rows.append(values)
            award_store.insert_many(db, rows)
        made += n
        if progress:
            progress(made, count)
    return made
