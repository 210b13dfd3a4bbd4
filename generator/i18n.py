"""Command-line texts (not findings) in Chinese and English: `--lang zh|en` selects one.

Finding messages live in messages.CATALOG; these are what the verbs themselves say
(what was written, what to do next, where the preview runs).
"""
from __future__ import annotations

# key: (Chinese, English)
TEXTS: dict[str, tuple[str, str]] = {
    # --- portal new -------------------------------------------------------------
    "new.wrote": ("已创建 {path}", "created {path}"),
    "new.exists": ("{path} 已存在，未作任何修改；如需重写，请先删除或改名该文件",
                   "{path} already exists and was left unchanged; delete or rename it first"),
    "new.duplicate": ("本校已有同一材料：{other}；同一类别、年度、单位只能有一份材料，请直接编辑该文件",
                      "this college already has that material: {other}; edit that file instead"),
    "new.bad_code": ("学校标识码应为 10 位数字：{code}", "a college code is 10 digits: {code}"),
    "no_root": ("{root} 不是公示站数据根目录（找不到 site_config.yml）；请用 --root 指定",
                    "{root} is not a portal root (no site_config.yml); use --root"),
    "bad_date": ("{what} 应为 YYYY-MM-DD 格式的真实日期：{text}", "{what} must be a real date, YYYY-MM-DD: {text}"),
    "bad_epoch": ("SOURCE_DATE_EPOCH 不是整数秒：{epoch}", "SOURCE_DATE_EPOCH is not a whole number of seconds: {epoch}"),
    "new.no_college": ("找不到 institutions/{code}/institution.yml；请先运行 portal new institution {code}",
                       "institutions/{code}/institution.yml not found; run portal new institution {code} first"),
    "new.bad_college": ("institutions/{code}/institution.yml 有错误，请先运行 portal check --institution {code} 修正",
                        "institutions/{code}/institution.yml has errors; fix them (portal check --institution {code})"),
    "new.no_framework": ("现行诊断项目参考表无法读取；请先运行 portal check 修正",
                         "the framework in force cannot be read; run portal check and fix it"),
    "new.need_year": ("材料类别 {kind} 需要 --year 年度", "kind {kind} needs --year"),
    "new.need_unit": ("annual_self_diagnosis 需要 --unit：school 或下列单位之一：{allowed}",
                      "annual_self_diagnosis needs --unit: school or one of {allowed}"),
    "new.bad_unit": ("单位“{unit}”不在 institution.yml 中；可选：{allowed}",
                     "unit '{unit}' is not in institution.yml; choose one of {allowed}"),
    "new.need_plan": ("development_plans 需要 --plan：development（事业发展规划）、qa_system（质保体系建设规划）或其他子规划的 id",
                      "development_plans needs --plan: development, qa_system or another plan id"),
    "new.bad_plan": ("--plan 只能由小写字母、数字、-、_ 组成：{plan}", "--plan is lower-case letters, digits, - and _: {plan}"),
    "new.unused": ("材料类别 {kind} 不使用 {option}", "kind {kind} does not take {option}"),
    "new.no_round": ("content/rounds/{year}/round.yml 不存在或有错误；请先公布该年度复核名单",
                     "content/rounds/{year}/round.yml is missing or invalid; announce the round first"),
    "new.not_in_round": ("{year} 年复核名单中没有院校 {code}；请先在 content/rounds/{year}/round.yml 的 reviews 中加入",
                         "college {code} is not in the {year} round; add it to content/rounds/{year}/round.yml first"),
    "new.next": ("下一步：", "Next:"),
    "new.next_edit": ("编辑 {path}，替换所有“（请填写…）”占位内容（注释说明了每个字段）",
                      "edit {path} and replace every '（请填写…）' placeholder (comments explain each field)"),
    "new.next_check": ("检查：portal check --institution {code}", "check: portal check --institution {code}"),
    "new.next_check_all": ("检查：portal check", "check: portal check"),
    "new.next_serve": ("预览：make serve，然后在浏览器打开 http://127.0.0.1:8000/",
                       "preview: make serve, then open http://127.0.0.1:8000/"),
    "new.next_commit": ("提交：git add {path} && git commit，然后发起合并请求（pull request）",
                        "commit: git add {path} && git commit, then open a pull request"),
    # --- portal schemas ---------------------------------------------------------------
    "schemas.wrote": ("已写入 {path}", "wrote {path}"),
    "schemas.stale": ("{path} 与模型不一致；请运行 portal schemas 重新生成",
                      "{path} is out of date with the models; run portal schemas"),
    # --- portal serve -------------------------------------------------------------------
    "serve.building": ("正在构建……", "building…"),
    "serve.built": ("第 {n} 次构建完成（{seconds:.1f} 秒）", "build {n} done ({seconds:.1f} s)"),
    "serve.failed": ("构建失败，继续显示上一次成功构建的结果。{detail}", "build failed; still serving the last good build. {detail}"),
    "serve.url": ("预览地址：{url}（修改数据后自动重建并刷新浏览器；按 Ctrl+C 退出）",
                  "preview at {url} (rebuilds and reloads on change; Ctrl+C to stop)"),
    "serve.changed": ("检测到修改：{path}", "changed: {path}"),
    "serve.port": ("无法监听 {host}:{port}（{detail}）；请用 --port 换一个端口",
                   "cannot listen on {host}:{port} ({detail}); choose another --port"),
    "serve.stopped": ("预览已停止", "preview stopped"),
    "serve.no_build": ("portal build 尚不可用（generator/build.py 缺少 build_site）",
                       "portal build is not available (generator/build.py lacks build_site)"),
    "serve.not_found": ("找不到页面 {path}（404）。请检查地址，或回到首页。",
                        "Page not found: {path} (404). Check the address or go back to the home page."),
    "serve.no_pdf": ("本地预览默认不生成 PDF（较慢）。要预览 PDF，请用 portal serve --pdf，或 make site 后再 make serve。",
                     "The preview builds no PDFs by default (slow). Use portal serve --pdf to preview them."),
    "serve.error": ("出错了（{code}）：{detail}", "Error {code}: {detail}"),
    "serve.home": ("返回首页", "Home"),
}


def say(key: str, lang: str = "zh", **params) -> str:
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format(**params)
