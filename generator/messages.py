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
    "file.empty": (E, "文件（或头信息）为空或只有注释，没有任何内容；空文件不表示“无数据”，请填写完整内容"
                      "（撤销院校请在 institution.yml 中写 status: withdrawn）",
                   "the file (or its front matter) is empty or only comments; an empty file is an error, not "
                   "'no data' (to withdraw a college, write status: withdrawn in institution.yml)"),
    "file.duplicate": (E, "“{path}”与“{other}”是同一份文件的两个版本（.yml 与 .yaml）；只能保留一个，请删除另一个",
                       "'{path}' and '{other}' are two versions of one file (.yml and .yaml); keep only one"),
    # --- schema -----------------------------------------------------------------
    "schema.missing": (E, "缺少必填字段“{field}”", "missing required field '{field}'"),
    "schema.unknown_key": (E, "未知字段“{key}”{hint}；允许的字段：{allowed}",
                           "unknown key '{key}'{hint}; allowed: {allowed}"),
    "schema.type": (E, "字段“{field}”应为{expected}，实际为“{got}”{hint}",
                    "field '{field}' should be {expected_en}, got '{got}'{hint}"),
    "schema.date": (E, "字段“{field}”的日期“{got}”无效；请使用真实存在的日期，格式 YYYY-MM-DD",
                    "field '{field}': invalid date '{got}'; use a real date as YYYY-MM-DD"),
    "schema.value": (E, "字段“{field}”的取值“{got}”无效：{detail}", "field '{field}': invalid value '{got}': {detail}"),
    "schema.range": (E, "字段“{field}”的取值“{got}”超出允许范围：{range}", "field '{field}': value '{got}' out of range: {range_en}"),
    "schema.duplicate_id": (E, "{what}“{id}”重复（首次出现在第 {first} 行）；编号必须唯一",
                            "{what_en} '{id}' is repeated (first at line {first}); ids must be unique"),
    # --- references -------------------------------------------------------------
    "ref.institution": (E, "引用的院校“{code}”不存在（institutions/{code}/institution.yml）",
                        "unknown college '{code}' (institutions/{code}/institution.yml)"),
    "ref.expert": (E, "引用的专家“{id}”不在专家库 content/experts.yml 中", "unknown expert '{id}' (content/experts.yml)"),
    "ref.element": (E, "诊断要素“{id}”不在现行诊断项目参考表 {framework} 中", "element '{id}' is not in framework {framework}"),
    "ref.unit": (E, "单位“{unit}”不是本校 institution.yml 中的职能部门或院（系）；可选：{allowed}",
                 "unit '{unit}' is not a department or faculty in institution.yml; allowed: {allowed}"),
    "ref.framework": (E, "指定的诊断项目参考表“{id}”不存在（content/frameworks/{id}.yml）",
                      "framework '{id}' does not exist (content/frameworks/{id}.yml)"),
    "ref.path": (E, "{detail}", "{detail}"),
    "ref.not_listed": (E, "{year} 年复核名单（content/rounds/{year}/round.yml）中没有院校 {code}；"
                          "不在当年名单上的院校不能有复核结论（seed 000 §四(二)3）",
                       "college {code} is not on the {year} review list (content/rounds/{year}/round.yml); "
                       "a college not on that year's list cannot have a review (seed 000 §4(2)3)"),
    "ref.filename": (E, "文件名中的院校标识码 {file_code} 与 institution 字段“{code}”不一致；复核结论文件应命名为 <院校标识码>.yml",
                     "the college code {file_code} in the file name differs from institution '{code}'; "
                     "name the file <code>.yml"),
    "round.duplicate": (E, "院校 {code} 在 {year} 年复核名单中出现两次（首次在第 {first} 行）；同一院校每年只安排一次复核",
                        "college {code} is listed twice in the {year} round (first at line {first})"),
    "round.dates": (E, "{code} 的复核日期有误：{detail}", "{code}: review dates are wrong: {detail_en}"),
    "verdict.before_review": (E, "复核结论公布日期 {published} 早于现场复核结束日期 {end}（{year} 年复核名单）；"
                                 "结论只能在复核之后公布（seed 000 §四(三)1）",
                              "the verdict is published on {published}, before the on-site review ended on {end} "
                              "(the {year} round); a verdict follows the review (seed 000 §4(3)1)"),
    "publish.vanished": (E, "{what} 已在公示站上公布（{evidence}），但本次将从网站上消失：{why}；"
                            "已公布的内容不能因文件损坏或删除而悄然消失（撤销院校请写 status: withdrawn）",
                         "{what_en} was published ({evidence_en}) but would vanish from the site: {why_en}; "
                         "published content must not disappear silently (to withdraw a college write status: withdrawn)"),
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
    "report.element_missing": (E, "缺少诊断要素 {element}（{element_name}）；报告须覆盖该年度参考表的全部 {total} 个要素",
                               "element {element} ({element_name}) missing; the report must cover all {total} elements"),
    "report.grading": (W, "{where}出现等级性结论“{word}”；附件2 要求“无需等级性结论”",
                       "{where} contains a grading conclusion '{word}'; annex 2 asks for none"),
    "report.element_empty": (E, "要素 {element} 的“{label}”（{field}）为空；附件2 报告表每项均须填写",
                             "element {element}: '{field}' is empty; annex 2 asks for every part of the table"),
    "report.effects_pending": (E, "要素 {element} 的 effects_pending 与改进成效不一致",
                               "element {element}: effects_pending and the effects text disagree"),
    "report.year": (E, "文件名年份 {file_year} 与 year 字段 {year} 不一致", "file name year {file_year} differs from year {year}"),
    # --- review rules engine (seed 000 §四, §六) ----------------------------------------------
    "verdict.mismatch": (E, "填写的复核结论“{declared}”与按规则计算的“{computed}”不一致：{n} 项要素中相符 {matches} 项，"
                            "改进措施评价 {measures}（有效须相符 ≥ {need} 项且措施为 strong；异常为相符 < {below} 项且措施为 weak）；"
                            "请删除 verdict 字段或改为 {computed_code}",
                         "declared verdict '{declared_code}' differs from the computed '{computed_code}': {matches} of {n} "
                         "elements match, measures {measures} (effective needs ≥ {need} and strong; abnormal < {below} "
                         "and weak); remove verdict or write {computed_code}"),
    "verdict.deemed_abnormal": (W, "{reason}；按方案视作复核结论为“异常”（{clause}），须在改进期满后申请复核",
                                "{reason_en}; deemed 'abnormal' ({clause}) and must apply for a review after the improvement period"),
    "improvement.overdue": (W, "{year} 年“{verdict}”的改进期已于 {until} 届满，尚无后续复核安排；"
                               "请在复核名单中安排 kind: re_review 重新复核",
                            "the improvement period of the {year} '{verdict_en}' ended on {until} and no re-review is "
                            "listed; add a kind: re_review entry to a round"),
    "cycle.uncovered": (W, "{cycle} 诊改周期内没有自我诊改报告（self-diagnosis/<年份>.yml）；每所院校每周期至少完成一次诊改",
                        "no self-diagnosis report in the {cycle} cycle; every college must diagnose at least once per cycle"),
    "round.announced_late": (W, "{year} 年复核名单于 {announced} 公布，晚于 {due}（应于上一年年底前公布）",
                             "the {year} review list was announced on {announced}, after {due} (due by the end of the year before)"),
    "sampling.fraction": (W, "{cycle} 周期抽样复核 {sampled} 所院校，少于全部 {total} 所的 {fraction}（至少 {required} 所）；"
                             "请在本周期的复核名单中增加抽样院校",
                          "the {cycle} cycle samples {sampled} of {total} colleges, under {fraction} (at least {required}); "
                          "add sampled colleges to the cycle's rounds"),
    "sampling.stratum": (W, "{cycle} 周期抽样未覆盖{dimension}“{value}”（该层共 {count} 所院校）；分层抽样应使各层均有代表",
                         "the {cycle} cycle sample has no college of {dimension_en} '{value}' ({count} colleges); "
                         "every stratum should be represented"),
    "panel.conflict": (E, "{year} 年复核 {code} 的专家组：专家 {expert}（{name}）任职于被复核院校，不得担任其复核专家；请更换专家",
                       "{year} review of {code}: expert {expert} ({name}) works at the reviewed college; replace the expert"),
    "panel.removed_expert": (E, "{year} 年复核 {code} 的专家组：专家 {expert}（{name}）已于 {removed_on} 除名（{reason}），"
                                "不得于 {appointed} 确定为专家组成员；请更换专家",
                             "{year} review of {code}: expert {expert} ({name}) was removed on {removed_on} ({reason}) "
                             "and cannot be appointed on {appointed}; replace the expert"),
    "panel.field_mismatch": (W, "{year} 年复核 {code} 的专家组中没有熟悉该校主要专业大类“{category}”的专家（按学校专业特色选派）",
                             "{year} review of {code}: no panel member covers the college's main category '{category}'"),
    "panel.overlap": (W, "专家 {expert}（{name}）同时在复核 {other}（{ostart}～{oend}）和 {code}（{start}～{end}）的专家组中，现场复核日期重叠",
                      "expert {expert} ({name}) sits on the panels of {other} ({ostart}–{oend}) and {code} "
                      "({start}–{end}), whose dates overlap"),
    "round.missing": (W, "{year} 年复核名单应于 {due} 前公布，至今没有记录（content/rounds/{year}/round.yml）；"
                         "每年年底须公布下一年度接受复核的学校名单",
                      "the {year} review list was due by {due} and is not recorded (content/rounds/{year}/round.yml); "
                      "next year's list must be announced by the end of each year"),
    "improvement.early_review": (W, "{year} 年对本校的重新复核于 {start} 开始，仍在 {verdict_year} 年“{verdict}”结论的改进期内"
                                    "（至 {until}）；改进期为 1 年，期满后方可重新申请复核",
                                 "the {year} re-review starts on {start}, inside the improvement period of the {verdict_year} "
                                 "'{verdict_en}' (until {until}); a re-review comes after the one-year period"),
    "panel.appointed_late": (E, "{year} 年复核 {code} 的专家组于 {appointed} 确定，晚于现场复核开始日期 {start}；"
                                "专家组须在复核开始前确定",
                             "{year} review of {code}: the panel was appointed on {appointed}, after the review began on "
                             "{start}; appoint the panel before the review"),
    "sampling.deviation": (W, "{year} 年复核名单与按公开种子“{seed}”复算的抽样方案不一致（{code}），且 sampling.deviations 中没有记录理由；"
                              "请按 portal sample --year {year} 的结果调整名单，或记录理由",
                           "the {year} list differs from the proposal reproduced from seed '{seed}' ({code}) and "
                           "sampling.deviations records no reason; follow portal sample --year {year} or record one"),
    # --- PDFs (generator/pdf) ------------------------------------------------------
    "pdf.timeout": (E, "生成 PDF“{pdf}”超过 {limit} 秒仍未完成，已中止；请精简该文件中的内容（超长表格、超大图片）后重试",
                    "rendering the PDF '{pdf}' took longer than {limit} s and was stopped; simplify the content"),
    "pdf.failed": (E, "无法生成 PDF“{pdf}”：{detail}；请检查该文件的内容", "could not render the PDF '{pdf}': {detail}"),
    "pdf.font_missing": (E, "系统中没有可显示中文的字体，PDF 中的中文将无法显示，未生成 PDF；请安装字体包 {package}"
                            "（如 apt-get install {package}），或用 --no-pdf 构建不含 PDF 的站点",
                         "no installed font covers Chinese, so the PDFs' text cannot be drawn; none was made. "
                         "Install the package {package} (e.g. apt-get install {package}), or build with --no-pdf"),
    "pdf.glyph_missing": (E, "PDF“{pdf}”中的字符“{chars}”（{codes}）没有任何已安装的字体可以显示，会印成空白方框，未生成 PDF；"
                             "请改用常用字，或安装包含这些字符的字体（如 fonts-noto-cjk-extra）",
                          "no installed font can draw '{chars}' ({codes}) in the PDF '{pdf}'; it would print as empty "
                          "boxes and was not made. Use common characters or install a font that has them "
                          "(e.g. fonts-noto-cjk-extra)"),
    # --- trust (DESIGN.md §7; safe_markdown, attachments, load, ledger) ------------------
    "content.unsafe_html": (W, "正文中的{what}不安全或不被允许，发布时已被删除；请改用普通 Markdown 语法"
                               "（链接仅限 http、https、mailto 和相对地址，图片仅限本校 files/ 目录，不得使用脚本、事件属性、样式、内嵌框架）",
                            "the body's {what} is unsafe or not allowed and was removed from the site; use plain Markdown "
                            "(links: http, https, mailto, relative; images: the college's files/ only; no script, "
                            "event attributes, styles or frames)"),
    "content.too_complex": (E, "正文超出处理上限：{detail}；请简化正文", "the body exceeds a processing limit: {detail_en}"),
    "content.control_char": (E, "此处有一个看不见的控制字符 {char}（常见于从 Word、PDF 或网页复制的文字）；"
                                "它会使订阅源等公开文件无效，请删除该字符后重新提交",
                             "an invisible control character {char} (often pasted from Word, PDF or a web page); it would "
                             "make the feed and other public files ill-formed: delete it"),
    "file.symlink": (E, "“{path}”是符号链接（或位于符号链接目录中），不予读取；请提交文件本身",
                     "'{path}' is a symbolic link (or inside a linked folder) and is not read; commit the file itself"),
    "ledger.broken": (E, "公示台账第 {line} 行{detail}；台账只能追加，不得修改或删除已有记录",
                      "publication ledger line {line}: {detail_en}; the ledger is append-only"),
    "material.received_late": (W, "材料“{path}”声明于 {published} 公示（不晚于截止日 {deadline}），但公示站首次收到该文件是 {received}"
                                  "（据公示台账）；以收到日期为准，晚于截止日 {days} 天",
                               "'{path}' declares publication on {published} (by the deadline {deadline}) but the portal "
                               "first received it on {received} (ledger), {days} days after the deadline"),
    "material.changed_after_deadline": (W, "材料“{path}”在截止日 {deadline} 之后于 {changed} 被修改（SHA-256 {sha}…，据公示台账）；"
                                           "截止日前的版本仍可下载",
                                        "'{path}' changed on {changed}, after the deadline {deadline} (SHA-256 {sha}…, "
                                        "ledger); the earlier version stays downloadable"),
    "ledger.object": (E, "公示台账第 {line} 行记录的版本 {sha}… 的存档 {object} 内容与记录的 SHA-256 不符（实为 {actual}…），"
                         "已被篡改；请从备份恢复原文件",
                      "the stored copy {object} of version {sha}… (ledger line {line}) does not hash to the recorded "
                      "SHA-256 (it hashes to {actual}…): it was tampered with; restore it from a backup"),
    "ledger.orphan": (W, "存档 {object} 未被公示台账任何一行引用：台账末尾的记录可能被删除（截断），或上次发布中途中断",
                      "the stored copy {object} is named by no ledger line: the ledger may have been truncated, "
                      "or a publish run was interrupted"),
    "ledger.missing": (E, "公示台账 {ledger} 不存在，但 objects/ 中保存着 {objects} 个已发布版本：台账被删除？请从备份恢复",
                       "the publication ledger {ledger} is missing but objects/ holds {objects} published versions: "
                       "was it deleted? restore it from a backup"),
    "ledger.unrecorded": (W, "“{path}”会在网站上公示，但公示台账中没有它的记录（显示为“未记入公示台账”）；"
                             "秘书处下次运行 portal publish 时记入",
                          "'{path}' is published on the site but has no ledger entry; the next `portal publish` "
                          "records it"),
    "ledger.against": (E, "公示台账不再延续此前公布的链头（第 {seq} 条，{at}，SHA-256 {sha}…）：该行现为 {actual}…，"
                          "台账被改写或改期",
                       "the ledger no longer extends the head published earlier (line {seq}, {at}, SHA-256 {sha}…): "
                       "that line now hashes to {actual}…; the ledger was rewritten or re-dated"),
    "ledger.tsa": (E, "公示台账第 {line} 行的可信时间戳 {token} 无效：{detail}", "the RFC 3161 timestamp {token} of ledger "
                   "line {line} is invalid: {detail_en}"),
    "content.placeholder": (E, "仍是未替换的占位文字“{text}”；请填写真实内容后再提交（脚手架生成的占位内容不得公布）",
                            "an untouched placeholder '{text}' remains; replace it before publishing"),
    # --- structured evidence: indicators, tasks, specialty reviews (seeds 001–004; models_evidence) ---
    "evidence.empty": (E, "文件为空或只有注释；不公示此类材料时请删除该文件，否则请填写完整内容",
                       "the file is empty or holds only comments; delete it, or fill it in"),
    "evidence.year": (E, "文件名年份 {file_year} 与 year 字段 {year} 不一致", "file name year {file_year} differs from year {year}"),
    "evidence.future": (E, "{field} {date} 晚于检查日期 {as_of}；请填写已经发生的日期",
                        "{field} {date} is after the check date {as_of}"),
    "evidence.point": (E, "诊断点“{point}”不在要素 {element} 中（该要素有 {count} 个诊断点，编号 {element}.1～{element}.{count}）",
                       "point '{point}' is not in element {element} (it has {count} points, {element}.1–{element}.{count})"),
    "evidence.duplicate": (E, "编号“{id}”重复（首次出现在第 {first} 行）；同一文件内编号须唯一",
                           "id '{id}' repeats (first at line {first}); ids are unique in a file"),
    "indicator.op": (E, "比较符“{op}”无效；可选：< <= > >= ==", "comparison operator '{op}' is invalid; use < <= > >= =="),
    "indicator.published_early": (E, "{year} 年度指标的公示日期 {published} 早于该年度开始；测量结果须在年度开始后公示",
                                  "indicators of {year} published on {published}, before the year began"),
    "indicator.warning": (W, "指标 {id}（{name}）测量结果 {result}{unit} 触及预警值（{op} {value}{unit}），状态为“预警”",
                          "indicator {id} ({name}): result {result}{unit} meets the warning value ({op} {value}{unit})"),
    "task.due": (E, "字段“{field}”的完成时限“{got}”无效；请写成 YYYY-MM、{{from: YYYY-MM, to: YYYY-MM}}、2026H1/2026H2 或 ongoing",
                 "field '{field}': due '{got}' is invalid; write YYYY-MM, {{from: YYYY-MM, to: YYYY-MM}}, 2026H1/2026H2 or ongoing"),
    "task.due_order": (E, "字段“{field}”的起始月 {start} 晚于结束月 {end}", "field '{field}': from {start} is after to {end}"),
    "task.progress_month": (E, "月度完成情况的键“{month}”无效；请写成 \"YYYY-MM\"", "progress key '{month}' is not \"YYYY-MM\""),
    "task.progress_future": (E, "月度完成情况记录了检查日期 {as_of} 之后的月份 {month}", "progress records {month}, after the check date {as_of}"),
    "task.overdue": (W, "任务 {id}（{title}）完成时限 {due} 已过 {months} 个月仍未完成，状态为“预警”",
                     "task {id} ({title}) is {months} month(s) past its due {due} and not done: status warning"),
    "specialty.code": (E, "目录名专业代码 {folder} 与 specialty.code {code} 不一致", "folder {folder} differs from specialty.code {code}"),
    "specialty.faculty": (E, "专业所属院（系）“{faculty}”不是 institution.yml 中的院（系）；可选：{allowed}",
                          "faculty '{faculty}' is not a faculty of institution.yml; allowed: {allowed}"),
    "specialty.response_date": (E, "问题“{text}”的回应须同时填写 response 与 responded_on", "issue '{text}': give both response and responded_on"),
    "specialty.unanswered": (W, "专业 {code}（{name}）年审问题“{text}”尚无 {to} 的回应", "specialty {code} ({name}): issue '{text}' has no response from {to}"),
    "specialty.radar_gap": (W, "专业 {code}（{name}）的“{area}”缺少 RADAR 环节：{parts}", "specialty {code} ({name}), area {area_en}: RADAR parts missing: {parts_en}"),
}


# Alternative wording of a code, chosen by the finding's `variant` parameter: (code, variant) → (zh, en).
VARIANTS: dict[tuple[str, str], tuple[str, str]] = {
    ("report.effects_pending", "unstated"): ("要素 {element} 标注 effects_pending: true（措施尚未实施），但改进成效未加说明；"
                                             "请在 effects 中写明措施尚未实施（附件2 备注4）",
                                             "element {element} has effects_pending: true but the effects text does not say "
                                             "the measures are not yet carried out (annex 2 note 4)"),
    ("report.effects_pending", "contradicts"): ("要素 {element} 的改进成效写明措施尚未实施，却标注 effects_pending: false；"
                                                "改进成效须是已经显现的实际效果，否则请改为 effects_pending: true（附件2 备注4）",
                                                "element {element}: the effects text says the measures are not yet carried "
                                                "out but effects_pending is false; report effects seen or set it to true"),
    ("ref.element", "missing"): ("复核发现缺少诊断要素 {id}（{name}）；findings 须覆盖现行参考表 {framework} 的全部 {total} 个要素",
                                 "findings lack element {id} ({name}); they must cover all {total} elements of {framework}"),
    ("panel.removed_expert", "serving"): (
        "{year} 年复核 {code} 的专家组：专家 {expert}（{name}）于 {appointed} 确定为专家组成员，{removed_on} 已从专家库除名"
        "（{reason}），复核结论公布前不得留在专家组中；请更换专家（方案第六条第（三）款：同时取消该专家资格）",
        "{year} review of {code}: expert {expert} ({name}), appointed on {appointed}, was removed from the pool on "
        "{removed_on} ({reason}) before the verdict was published and may not stay on the panel; replace the expert"),
    ("sampling.deviation", "added"): (
        "{year} 年复核名单抽样了 {code}，但按公开种子“{seed}”复算的抽样方案中没有该校；请在 sampling.deviations 中记录理由"
        "（seed 000 §四(一)2）",
        "the {year} list samples {code}, which the proposal reproduced from seed '{seed}' does not; record the reason "
        "in sampling.deviations"),
    ("sampling.deviation", "omitted"): (
        "按公开种子“{seed}”复算的 {year} 年抽样方案包含 {code}，但复核名单没有抽样该校；请在 sampling.deviations 中记录理由"
        "（seed 000 §四(一)2）",
        "the proposal reproduced from seed '{seed}' samples {code} in {year} but the list does not; record the reason "
        "in sampling.deviations"),
    ("panel.conflict", "engagement_before"): (
        "{year} 年复核 {code} 的专家组：专家 {expert}（{name}）于 {on} 在被复核院校{what}（复核年度内、{appointed} 确定为专家组成员之前），"
        "存在利益冲突，不得担任其复核专家；请更换专家",
        "{year} review of {code}: expert {expert} ({name}) had an engagement at the college on {on}, in the review "
        "year before the appointment on {appointed}; replace the expert"),
    ("panel.conflict", "engagement_after"): (
        "{year} 年复核 {code} 的专家组：专家 {expert}（{name}）于 {appointed} 确定为专家组成员后，于 {on} 参加被复核院校的{what}"
        "（{clause}）；一经查实应从专家库中除名并公布",
        "{year} review of {code}: expert {expert} ({name}) had an engagement at the college on {on}, after the "
        "appointment on {appointed} ({clause}); once confirmed, remove the expert and publish it"),
    ("ledger.object", "missing"): ("公示台账第 {line} 行记录的版本 {sha}… 的存档 {object} 缺失或不是普通文件；请从备份恢复",
                                   "the stored copy {object} of version {sha}… (ledger line {line}) is missing; "
                                   "restore it from a backup"),
    ("ledger.unrecorded", "changed"): ("“{path}”的现行文件与公示台账最后记录的版本不同，尚未记入台账；秘书处下次运行 portal publish 时记入",
                                       "the current bytes of '{path}' differ from its last ledger entry and are not "
                                       "recorded yet; the next `portal publish` records them"),
    ("ledger.against", "short"): ("公示台账只有 {lines} 条记录，少于此前公布的链头（第 {seq} 条，{at}）：台账被截断或删除",
                                  "the ledger has {lines} lines, fewer than the head published earlier (line {seq}, "
                                  "{at}): it was truncated or deleted"),
}


def default_severity(code: str) -> str:
    try:
        return CATALOG[code][0]
    except KeyError:
        raise KeyError(f"finding code {code!r} is not in the message catalogue") from None


def render(code: str, params: dict, lang: str = "zh") -> str:
    _, zh, en = CATALOG[code]
    zh, en = VARIANTS.get((code, params.get("variant")), (zh, en))
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


# Public wording (seed 000 §四(二)3 公示): the site shows warnings to the public, who are not
# the ones to fix them, so a text that tells the data editor what to do (file names, YAML keys,
# Markdown rules) has a plain statement here. Codes not listed read the same in both places.
PUBLIC: dict[str, str] = {
    "improvement.overdue": "{year} 年“{verdict}”的改进期已于 {until} 届满，尚未安排重新复核",
    "cycle.uncovered": "{cycle} 诊改周期内尚未公示《内部质量保证体系自我诊改报告》；每所院校每个诊改周期至少完成一次自我诊改",
    "sampling.fraction": "{cycle} 周期抽样复核 {sampled} 所院校，少于全部 {total} 所的 {fraction}（至少 {required} 所）",
    "content.unsafe_html": "正文中的{what}不符合本站安全要求，发布时已被删除",
    "report.grading": "{where}出现等级性结论“{word}”；方案附件2要求自我诊改“无需等级性结论”",
    "indicator.warning": "指标“{name}”测量结果 {result}{unit} 触及预警值（{op} {value}{unit}），状态为“预警”",
    "task.overdue": "任务“{title}”完成时限 {due} 已过 {months} 个月仍未完成，状态为“预警”",
    "specialty.radar_gap": "专业“{name}”的“{area}”方面缺少以下诊断环节：{parts}",
}


def render_public(code: str, params: dict) -> str:
    """The Chinese text the public site shows for a finding (PUBLIC, else the checker's text)."""
    template = PUBLIC.get(code)
    if template is None or params.get("variant"):
        return render(code, params, "zh")
    return template.format(**{k: ("" if v is None else v) for k, v in params.items()})
