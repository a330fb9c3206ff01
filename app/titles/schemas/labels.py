"""The title platform's input fields, named as its pages name them; registered with the
platform's labels (``app.platform.schemas.labels``).
"""

FIELD_LABELS = {
    # the title platform
    "series": "系列",
    "specialty": "专业",
    "current_title": "现专业技术职务",
    "current_title_date": "任职时间",
    "sections": "内容板块",
    "label": "附件说明",
    "title": "职称",
    "title_level": "职称级别",
    "summary": "个人简介",
    "junior": "初级",
    "intermediate": "中级",
    "deputy_senior": "副高级",
    "senior": "正高级",
    "notice": "面试通知",
    "place": "面试地点",
    "count": "抽取人数",
    "declaration_id": "申报",
    "exclude_org_code": "回避单位",
}
