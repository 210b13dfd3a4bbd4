"""Message catalogue: every finding code with its default severity and its text in zh and en.

Codes are stable API (DESIGN.md §5); texts say what is wrong and how to fix it.
"""
from __future__ import annotations

E, W = "error", "warning"

# code: (default severity, Chinese template, English template)
CATALOG: dict[str, tuple[str, str, str]] = {
    # --- files and YAML -------------------------------------------------------
    "yaml.syntax": (E, "YAML 语法错误：{detail}", "YAML syntax error: {detail}"),
    "yaml.duplicate_key": (E, "键“{key}”重复（首次出现在第 {first} 行）；请删除或合并重复的键",
                           "duplicate key '{key}' (first at line {first}); remove or merge it"),
    "yaml.alias": (E, "不允许使用 YAML 锚点/别名/标签（{what}）；请直接写出完整内容",
                   "YAML anchors, aliases and tags are not allowed ({what}); write the value out"),
    "file.encoding": (E, "{detail}", "{detail_en}"),
    "file.too_large": (E, "文件过大（{size} 字节，上限 {limit} 字节）；请拆分文件或将大文件作为附件",
                       "file too large ({size} bytes, limit {limit}); split it or attach it instead"),
    "file.unreadable": (E, "无法读取文件：{detail}", "cannot read file: {detail}"),
    "file.front_matter": (E, "Markdown 文件缺少以“---”开头和结尾的 YAML 头信息",
                          "Markdown file lacks a YAML front matter block delimited by '---'"),
    # --- schema -----------------------------------------------------------------
    "schema.missing": (E, "缺少必填字段“{field}”", "missing required field '{field}'"),
    "schema.unknown_key": (E, "未知字段“{key}”{hint}；允许的字段：{allowed}",
                           "unknown key '{key}'{hint}; allowed: {allowed}"),
    "schema.type": (E, "字段“{field}”应为{expected}，实际为“{got}”{hint}",
                    "field '{field}' should be {expected_en}, got '{got}'{hint}"),
    "schema.date": (E, "字段“{field}”的日期“{got}”无效；请使用真实存在的日期，格式 YYYY-MM-DD",
                    "field '{field}': invalid date '{got}'; use a real date as YYYY-MM-DD"),
    "schema.value": (E, "字段“{field}”的取值“{got}”无效：{detail}", "field '{field}': invalid value '{got}': {detail}"),
    # --- references -------------------------------------------------------------
    "ref.institution": (E, "引用的院校“{code}”不存在（institutions/{code}/institution.yml）",
                        "unknown college '{code}' (institutions/{code}/institution.yml)"),
    "ref.expert": (E, "引用的专家“{id}”不在专家库 content/experts.yml 中", "unknown expert '{id}' (content/experts.yml)"),
    "ref.element": (E, "诊断要素“{id}”不在现行诊断项目参考表 {framework} 中", "element '{id}' is not in framework {framework}"),
    "ref.unit": (E, "单位“{unit}”不是本校 institution.yml 中的职能部门或院（系）；可选：{allowed}",
                 "unit '{unit}' is not a department or faculty in institution.yml; allowed: {allowed}"),
    "ref.framework": (E, "site_config.yml 指定的诊断项目参考表“{id}”不存在（content/frameworks/{id}.yml）",
                      "framework '{id}' named in site_config.yml does not exist"),
    "ref.path": (E, "{detail}", "{detail}"),
    # --- materials --------------------------------------------------------------
    "material.missing": (W, "{year} 年复核所需材料缺失：{what}（公示截止日 {deadline}，已逾期 {days} 天）",
                         "material missing for the {year} review: {what} (deadline {deadline}, {days} days ago)"),
    "material.late": (W, "材料“{what}”于 {published} 公示，晚于截止日 {deadline}（逾期 {days} 天）；按方案予以通报批评并列入待改进院校名单",
                      "'{what}' published on {published}, after the deadline {deadline} ({days} days late)"),
    "material.pending": (W, "{year} 年复核材料尚未公示：{what}（公示截止日 {deadline}，还剩 {days} 天）",
                         "'{what}' for the {year} review not yet public; deadline {deadline}, {days} days left"),
    "material.duplicate": (E, "与 {other} 重复：同一院校的“{what}”只能有一份材料", "duplicates {other}: only one '{what}' per college"),
    "material.future": (E, "公示日期 {published} 晚于检查日期 {as_of}；请填写已经发生的日期",
                        "published_on {published} is after the check date {as_of}"),
    "attachment.missing": (E, "附件“{path}”不存在；请提交该文件或修改路径（相对于院校目录）",
                           "attachment '{path}' does not exist (paths are relative to the college folder)"),
    "attachment.outside": (E, "附件路径“{path}”越出本校目录（{why}）；附件只能位于 institutions/{code}/ 内",
                           "attachment path '{path}' escapes the college folder ({why})"),
    # --- annex-2 self-diagnosis report ------------------------------------------
    "report.overview_length": (E, "自我诊改工作概述 {count} 字，超过 {limit} 字上限", "overview has {count} characters, over {limit}"),
    "report.opinion_length": (E, "要素 {element} 的自我诊断意见（成绩+问题+原因）{count} 字，超过 {limit} 字上限",
                              "element {element}: opinion has {count} characters, over {limit}"),
    "report.problem_share": (E, "要素 {element} 的“存在问题”与“原因分析”共 {part} 字，不足自我诊断意见 {count} 字的一半（应以查找问题和分析原因为主）",
                             "element {element}: problems + causes are {part} of {count} characters, less than half"),
    "report.measures_length": (E, "要素 {element} 的改进措施 {count} 字，超过 {limit} 字上限",
                               "element {element}: measures have {count} characters, over {limit}"),
    "report.effects_length": (E, "要素 {element} 的改进成效 {count} 字，超过 {limit} 字上限",
                              "element {element}: effects have {count} characters, over {limit}"),
    "report.unsigned": (E, "自我诊改报告缺少校长签字（signed_by）或签字日期（signed_on）",
                        "report lacks the president's signature (signed_by) or its date (signed_on)"),
    "report.element_missing": (E, "缺少诊断要素 {element}（{name}）；报告须覆盖现行参考表的全部 {total} 个要素",
                               "element {element} ({name}) missing; the report must cover all {total} elements"),
    "report.grading": (W, "{where}出现等级性结论“{word}”；附件2 要求“无需等级性结论”",
                       "{where} contains a grading conclusion '{word}'; annex 2 asks for none"),
    "report.year": (E, "文件名年份 {file_year} 与 year 字段 {year} 不一致", "file name year {file_year} differs from year {year}"),
}


def default_severity(code: str) -> str:
    try:
        return CATALOG[code][0]
    except KeyError:
        raise KeyError(f"finding code {code!r} is not in the message catalogue") from None


def render(code: str, params: dict, lang: str = "zh") -> str:
    _, zh, en = CATALOG[code]
    template = en if lang == "en" else zh
    p = {k: ("" if v is None else v) for k, v in params.items()}
    p.setdefault("hint", "")
    if lang == "en":  # a parameter may carry its English form as <name>_en
        for k in [k for k in p if k.endswith("_en")]:
            p[k[:-3]] = p[k]
    p.setdefault("detail_en", p.get("detail", ""))
    p.setdefault("expected_en", p.get("expected", ""))
    try:
        return template.format(**p)
    except (KeyError, IndexError) as exc:  # a bug in the caller, not bad data
        raise ValueError(f"message {code}: missing parameter {exc}") from None


def register(code: str, severity: str, zh: str, en: str) -> None:
    """Modules outside the core add their codes here at import time."""
    CATALOG[code] = (severity, zh, en)
