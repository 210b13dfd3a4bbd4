"""Shared set-up of the PDF tests: a scratch root with a short and a long report, a dossier with an
attachment, an 'effective' and an 'abnormal' review; text and font extraction via poppler."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from builders import CODE_A, CODE_B, DEADLINE, ELEMENT_IDS, YEAR, ScratchRoot, dedent

AS_OF = dt.date(2025, 7, 1)
ATTACHMENT = b"%PDF-1.4 attachment bytes of the 2024 quality report\n"
LONG = {"achievements": "学校围绕质量目标开展建设，" * 8,
        "problems": "制度执行存在偏差，部分院系考核流于形式，" * 8,
        "causes": "责任链条不清晰，信息平台数据采集口径不统一，" * 7,
        "measures": "修订考核办法，建立月度通报制度，" * 12,
        "effects": "数据更新及时率由百分之六十提高到百分之九十，" * 9}


def pdf_root(path: Path) -> ScratchRoot:
    """College A: short report, all materials on time, 15/15 strong → 有效.
    College B: long report, reviewed in the same round, 8/15 weak → 异常 (period, restriction)."""
    root = ScratchRoot(path).base()
    root.write(f"institutions/{CODE_A}/files/2024-quality-report.pdf", ATTACHMENT)
    root.material(CODE_A, "2024/aqr.md", "annual_quality_report", year=YEAR - 1, published_on=DEADLINE,
                  attachments=["files/2024-quality-report.pdf"],
                  body="## 一、基本情况\n\n学校坚持立德树人。\n\n| 指标 | 数值 |\n|---|---|\n| 在校生 | 8200 |\n")
    root.all_materials(CODE_B, YEAR, published_on=DEADLINE, units=("school",))
    root.self_diagnosis(CODE_B, YEAR, published_on=DEADLINE, element_text={e: LONG for e in ELEMENT_IDS})
    root.replace(f"content/rounds/{YEAR}/round.yml", "reviews:\n", dedent(f"""
        reviews:
          - institution: "{CODE_B}"
            kind: sample
            start: 2025-05-20
            end: 2025-05-22
            panel: {{leader: E002, members: [E003], appointed_on: 2025-03-01}}
        """))
    root.review(YEAR, CODE_B, matches=8, measures="weak")
    return root


def pdftotext(path: Path) -> str:
    """Text in drawing order (-raw): each table cell comes out whole, not interleaved by line."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdffonts(path: Path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type… encoding emb sub uni id gen: the yes/no flags are the 5th–3rd from the end
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def squash(text: str) -> str:
    """pdftotext breaks lines inside table cells; compare without whitespace."""
    return "".join(text.split())
