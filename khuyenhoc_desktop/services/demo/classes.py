"""Demo learning classes and chuyên đề of the TTHTCĐ, with learners, over the last two years."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ...domain.classes import CLASS_FORMS, ClassDraft, LearnerDraft
from .names import DEM_NAM, DEM_NU, HO, TEN_NAM, TEN_NU, VILLAGES

_TOPICS = {
    "Nông nghiệp": ["Kỹ thuật trồng lúa chất lượng cao", "Chăn nuôi gà an toàn sinh học", "Trồng rau hữu cơ",
                    "Phòng trừ sâu bệnh cho cây ăn quả", "Nuôi cá nước ngọt"],
    "Pháp luật": ["Phổ biến Luật Đất đai 2024", "Pháp luật về phòng, chống bạo lực gia đình",
                  "Luật Giao thông đường bộ", "Phòng chống lừa đảo qua mạng"],
    "Sức khỏe": ["Chăm sóc sức khỏe người cao tuổi", "Dinh dưỡng cho trẻ em", "Phòng chống sốt xuất huyết",
                 "Sơ cấp cứu ban đầu"],
    "Tin học và kỹ năng số": ["Sử dụng điện thoại thông minh", "Dịch vụ công trực tuyến", "Thanh toán không dùng tiền mặt",
                              "Bán hàng qua mạng xã hội"],
    "Ngoại ngữ": ["Tiếng Anh giao tiếp cho thiếu nhi", "Câu lạc bộ tiếng Anh"],
    "Xóa mù chữ": ["Lớp xóa mù chữ mức độ 1", "Lớp sau xóa mù chữ"],
    "Nghề": ["Dạy nghề may công nghiệp", "Sửa chữa máy nông nghiệp", "Làm hương truyền thống"],
    "Văn hóa - xã hội": ["Câu lạc bộ dân ca quan họ", "Xây dựng gia đình học tập", "Câu lạc bộ dưỡng sinh"],
}
_PARTNERS = ["Hội Nông dân xã", "Hội Liên hiệp Phụ nữ xã", "Trạm Y tế xã", "Đoàn Thanh niên xã", "Công an xã",
             "Trung tâm Khuyến nông", "Hội Người cao tuổi xã", "Trường THCS"]
_SPEAKERS = ["KS. Nguyễn Văn Bình", "BS. Trần Thị Lan", "ThS. Lê Minh Tuấn", "Đ/c Phạm Văn Hải", "CN. Hoàng Thị Mai",
             "Đ/c Vũ Đức Thắng"]
_VENUES = ["Hội trường UBND xã", "Nhà văn hóa thôn Đồng Quan", "Nhà văn hóa thôn Tân Mỹ", "Trung tâm học tập cộng đồng",
           "Nhà văn hóa thôn Hạ Lát", "Trực tuyến (Zalo)"]


def fill(ws, rng: random.Random, today: date) -> dict:
    """20–40 classes over the two years before `today`, with learners for about half of them."""
    service = ws.classes
    fields = service.fields() or list(_TOPICS)
    made = {"classes": 0, "learners": 0}
    with ws.db.atomic():
        for _ in range(rng.randint(20, 40)):
            field = rng.choice(fields)
            topic = rng.choice(_TOPICS.get(field, ["Chuyên đề học tập cộng đồng"]))
            form = ("Câu lạc bộ" if topic.startswith("Câu lạc bộ") else
                    rng.choices(CLASS_FORMS, weights=[5, 6, 0, 1])[0])
            start = today - timedelta(days=rng.randint(5, 700))
            days = 0 if form == "Chuyên đề" else rng.choice([2, 5, 10, 30, 60])
            sessions = 1 if form == "Chuyên đề" else max(2, days // 3)
            learners = rng.randint(15, 120)
            draft = ClassDraft(
                name=topic if form != "Chuyên đề" else f"Chuyên đề: {topic}",
                field=field,
                form=form,
                partner=rng.choice(_PARTNERS),
                speaker=rng.choice(_SPEAKERS),
                venue="Trực tuyến (Zalo)" if form == "Trực tuyến" else rng.choice(_VENUES[:-1]),
                start_date=start,
                end_date=min(today, start + timedelta(days=days)),
                sessions=sessions,
                learners=learners,
                women=rng.randint(learners // 3, learners),
                minority=rng.randint(0, learners // 10),
                budget=rng.choice([0, 500_000, 1_000_000, 1_500_000, 2_000_000]),
                result=rng.choice(["Học viên nắm được kiến thức cơ bản, áp dụng vào sản xuất.",
                                   "Đạt yêu cầu; 90% học viên tham gia đầy đủ.", ""]),
            )
            saved, _ = service.save(draft, today=today, confirm=True)
            made["classes"] += 1
            if rng.random() < 0.5:
                for _ in range(min(learners, rng.randint(8, 25))):
                    male = rng.random() < 0.45
                    name = (f"{rng.choice(HO)} {rng.choice(DEM_NAM if male else DEM_NU)} "
                            f"{rng.choice(TEN_NAM if male else TEN_NU)}")
                    service.save_learner(saved.uuid, LearnerDraft(
                        full_name=name, birth_year=rng.randint(1950, 2008), village=rng.choice(VILLAGES),
                        gender="Nam" if male else "Nữ"), today=today)
                    made["learners"] += 1
    return made
