"""往年合格库 import through the CLI: CSV and XLSX, Chinese headers, upsert, refused rows."""

from __future__ import annotations

from datetime import datetime

from openpyxl import Workbook
from sqlalchemy import func, select

from app.exams.services.qualified import read_rows, records_for
from app.extensions import db
from app.models import QualifiedRecord
from handlers.idcard import check_digit


def id_number(serial: int) -> str:
    first17 = f"41018119850615{serial:03d}"
    return first17 + check_digit(first17)


ZHANG, LI, WANG = id_number(11), id_number(29), id_number(33)
assert LI.endswith("X")  # typed lower-case in a sheet, stored upper-case
BAD_ID = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")


def write_csv(path, lines: list[str], bom: bool = True):
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_import(app, path):
    return app.test_cli_runner().invoke(args=["import-qualified", str(path)])


def stored(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(
                QualifiedRecord.id_number,
                QualifiedRecord.name,
                QualifiedRecord.trade,
                QualifiedRecord.grade,
                QualifiedRecord.cert_year,
                QualifiedRecord.cert_no,
            ).order_by(QualifiedRecord.id_number, QualifiedRecord.cert_year)
        )
        return [tuple(row) for row in rows]


CSV_HEADER = "身份证号,姓名,工种,等级,获得证书时间,证书编号,报考年度,单位"


def test_csv_with_chinese_headers_imports_and_reimport_updates(app, tmp_path):
    path = write_csv(
        tmp_path / "合格库.csv",
        [
            CSV_HEADER,
            f"{ZHANG},张三,护理员,四级,2020-09-30,2002401878,2020,巩义市人民医院",
            f"{ZHANG},张三,护理员,中级工,2015-09-30,1502401878,2015,巩义市人民医院",
            f"{LI[:-1]}{LI[-1].lower()},李四,收银员,3,2023,2302401823,,",
        ],
    )
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "导入完成：新增 3 条，更新 0 条，错误 0 条" in result.output
    assert stored(app) == [
        (ZHANG, "张三", "护理员", 4, 2015, "1502401878"),
        (ZHANG, "张三", "护理员", 4, 2020, "2002401878"),
        (LI, "李四", "收银员", 3, 2023, "2302401823"),
    ]

    write_csv(
        path,
        [
            CSV_HEADER,
            f"{ZHANG},张叁,护理员,四级,2020-09-30,2002409999,2020,巩义市人民医院",
            f"{LI},李四,收银员,三级,2023-09-30,2302401823,2023,",
        ],
        bom=False,
    )
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "导入完成：新增 0 条，更新 2 条，错误 0 条" in result.output
    rows = stored(app)
    assert len(rows) == 3
    assert (ZHANG, "张叁", "护理员", 4, 2020, "2002409999") in rows  # name corrected


def test_xlsx_with_sheet_headers_imports(app, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["报考年度", "姓名", "身份证号", "报考工种", "报考等级", "获得证书时间", "备注"])
    sheet.append([2023, "王五", WANG, "公路养护工", "高级工", datetime(2023, 9, 30), "x"])
    sheet.append([None] * 7)
    sheet.append([2021, "王五", WANG, "公路养护工", "四级", 2021, None])
    path = tmp_path / "qualified.xlsx"
    workbook.save(path)

    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "导入完成：新增 2 条，更新 0 条，错误 0 条" in result.output
    with app.app_context():
        records = records_for(db.session, WANG.lower())
        assert [(r.grade, r.cert_year, r.exam_year) for r in records] == [
            (3, 2023, 2023),
            (4, 2021, 2021),
        ]
        assert {r.trade for r in records} == {"公路养护工"}


def test_bad_rows_are_reported_by_row_number_and_good_rows_kept(app, tmp_path):
    path = write_csv(
        tmp_path / "mixed.csv",
        [
            "id_number,name,trade,grade,cert_year",
            f"{ZHANG},张三,护理员,4,2020",
            f"{BAD_ID},张三,护理员,3,2024",
            "",
            f"{LI},李四,收银员,六级,2023",
            f"{WANG},,保管员,2,1900",
            f"{LI},李四,收银员,3,2023",
        ],
    )
    result = run_import(app, path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "导入完成：新增 2 条，更新 0 条，错误 3 条"
    assert lines[1] == "第3行：身份证号校验位错误"
    assert lines[2].startswith("第5行：等级“六级”无效")
    assert lines[3].startswith("第6行：") and "姓名为必填项" in lines[3] and "1900" in lines[3]
    assert [row[0] for row in stored(app)] == [ZHANG, LI]
    with app.app_context():
        assert [r.name for r in records_for(db.session, ZHANG)] == ["张三"]
        assert records_for(db.session, BAD_ID) == []


def test_file_without_required_columns_is_refused(app, tmp_path):
    path = write_csv(tmp_path / "wrong.csv", ["姓名,单位", "张三,巩义市人民医院"])
    result = run_import(app, path)
    assert result.exit_code == 1
    assert "缺少必需的列：身份证号、工种、等级、取证年份" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QualifiedRecord)) == 0


def test_read_rows_maps_headers_and_keeps_row_positions(tmp_path):
    path = write_csv(
        tmp_path / "rows.csv",
        ["工种,报考工种,身份证号,姓名,等级,取证年份,其他", "护理员,保管员,X,张三,一级,2020,z", ","],
    )
    assert read_rows(path) == [
        {
            "trade": "护理员",
            "id_number": "X",
            "name": "张三",
            "grade": "一级",
            "cert_year": "2020",
        },
        dict.fromkeys(("trade", "id_number", "name", "grade", "cert_year"), ""),
    ]
