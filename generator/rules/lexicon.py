"""Word lists the annex-2 checks read (seed 000 附件2 备注4–5). Data, not logic: extend the
tuples, never the regular expressions in rules/report.py."""
from __future__ import annotations

# 备注5 无需等级性结论: grade words, longest first so 不合格 wins over 合格.
GRADES = ("不及格", "不合格", "基本合格", "优秀", "良好", "合格", "中等", "及格", "较差",
          "A级", "B级", "C级", "D级", "A等", "B等", "C等", "D等", "甲等", "乙等", "丙等", "丁等")
# Words that introduce a conclusion: a grade right after one of them (separators only in
# between) is a grading conclusion. 等级 alone is a cue only when a separator follows it
# (「等级：优秀」), never inside a noun such as 等级证书.
CUES = ("诊断结论", "自评结论", "自诊结论", "诊改结论", "自评等级", "评价结论", "结论", "等级为", "等级", "等次",
        "档次", "评级", "评定为", "评定", "评为", "定为", "认定为", "自评为", "自评", "评价为", "评估为", "总体评价",
        "自评结果", "诊断结果", "评价结果", "评估结果", "评定结果")
# Characters allowed between a cue and the grade word.
SEPARATORS = "：:为是 \u3000\"'“”「」『』【】（(《"
# What may follow a grading word for it to be a conclusion (end of text, punctuation, or a
# grade noun); anything else (率, 证书, 教师, 的 …) makes it an attribute, not a verdict.
ENDINGS = "。；;，,、！!？?）)」』】”\"'》 \u3000\n"
GRADE_SUFFIXES = ("等级", "等次", "档次", "级别", "水平")
# A grade word right before one of these is a grade even without a cue: 「达到优秀等级」.
GRADE_NOUNS = ("等级", "等次", "档次")

# 备注4 如果措施尚未实施，请加说明: phrases that say the measures are not yet carried out.
NOT_YET_DONE = ("尚未", "未实施", "未开始", "未开展", "未启动", "未执行", "正在实施", "实施中", "推进中",
                "正在推进", "尚在", "暂未", "暂无", "尚无", "待实施", "尚待", "有待显现", "还未")
