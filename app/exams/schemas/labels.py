"""The exam's input fields (the application form, review, exam sessions and tickets), named as
its pages name them; registered with the platform's labels (``app.platform.schemas.labels``).
"""

FIELD_LABELS = {
    # the application form
    "gender": "性别",
    "birth_month": "出生年月",
    "education": "文化程度",
    "work_start": "参加工作时间",
    "current_grade": "现岗位等级",
    "current_trade": "现工种",
    "current_grade_year": "现等级取得时间",
    "declared_trade": "申报工种",
    "declared_grade": "申报等级",
    "prohibited": "是否存在禁止申报的情形",
    "by_certificate": "按岗位等级证书申报",
    "qualifying_conditions": "申报条件",
    "appraisals": "近5年年度考核",
    "party_excellent": "优秀共产党员",
    "exceptional": "破格申报",
    "exceptional_reason": "破格申报理由",
    "kind": "材料类型",
    "file": "文件",
    # review
    "action": "审核操作",
    "comment": "意见",
    "remark": "备注",
    "note": "说明",
    "task_ids": "所选任务",
    "application_ids": "所选报名",
    "ids": "所选记录",
    "sample_percent": "抽查比例",
    "by": "复核层级",
    # exam sessions and tickets
    "trade": "工种",
    "grade": "等级",
    "exam_date": "考试日期",
    "exam_time": "考试时间",
    "site": "考场",
    "address": "考场地址",
    "rooms": "考场数",
    "seats_per_room": "每考场座位数",
    "notes": "注意事项",
    "opens_at": "开放打印开始时间",
    "closes_at": "开放打印结束时间",
    "session_id": "考试场次",
    "printed": "打印状态",
}
