"""Process governance's input fields (library, drafts, migration, the instance search), named
as its pages name them; registered with the platform's labels (``app.platform.schemas.labels``).
"""

FIELD_LABELS = {
    # process governance
    "process_id": "流程",
    "definition_id": "流程版本",
    "deployment": "部署",
    "content": "文件内容",
    "version": "版本",
    "number": "版本号",
    "from_number": "原版本",
    "to_number": "目标版本",
    "instance_ids": "所选流程实例",
    "dry_run": "仅预览",
    "mappings": "环节映射",
    "migrate": "先迁移到最新版本",
    "years": "年限",
    "org": "单位",
    "days": "天数",
    "started_days": "已启动天数",
    "waiting_days": "已等待天数",
    "waiting_org": "等待单位",
}
