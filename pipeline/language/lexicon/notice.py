"""The notice itself: whether it is one, where its header facts are written (dates,
issuer, contact, the inspection), and how problem and part headings are worded."""

from pipeline.language.lexicon.figures import AREA, OF, PROBLEM

# --- is it a notice at all (pipeline.assemble.check_is_notice) -----------------------
# Rules only: a notice names the inspection it answers and its rectification; text
# without both is something else.
INSPECTION_WORDS = ("巡视", "巡察")
RECTIFICATION_WORDS = ("整改",)

# --- where things are written --------------------------------------------------------
DATE_LABELS = ("成文日期", "发布日期", "发布时间", "印发日期", "日期")
ISSUER_LABELS = ("发布机构", "信息来源", "发文机关")
CONTACT_LABELS = {
    "phones": ("联系电话", "电话", "举报电话", "监督电话"),
    "emails": ("电子邮箱", "邮箱"),
    "addresses": ("通信地址", "通讯地址", "邮寄地址", "联系地址", "邮政信箱", "来信请寄", "地址"),
}
# Rules only: the bare address label; a number after it is a postcode or house number.
ADDRESS = CONTACT_LABELS["addresses"][-1]
# Rules only: a postcode's label; the bracketed characters may be left out (邮编, 邮政编码).
POSTCODE_LABEL = "邮(政)编(码)"
# Rules only: who sent the inspectors (contract: Inspection.level), by the body's name.
LEVEL_BODIES = {
    "central": ("中央", "中共中央"),
    "provincial": ("省委", "自治区党委"),
    "city": ("市委", "州委", "盟委"),
    "county": ("县委", "区委", "旗委", "县级市委"),
    "unit": ("党委", "党组", "党工委"),
}
# In the order of the contract's Inspection.kind (pipeline.records.Kind). 回头看 is
# written after the inspection word (巡察“回头看”), the others before it (常规巡察).
REGULAR, LOOK_BACK = "常规", "回头看"
INSPECTION_KINDS = (REGULAR, "专项", "联动", LOOK_BACK, "机动", "提级")
# Rules only: the kinds a group's name may carry (市委专项巡察组).
GROUP_KINDS = tuple(kind for kind in INSPECTION_KINDS if kind not in (REGULAR, LOOK_BACK))
# Rules only: the words of the header (pipeline.rules.header). A title ends on what the
# text is (…整改情况的通报); the issuer stands before 关于 (某县委关于…的通报).
TITLE_ENDINGS = ("通报", "情况", "公告", "公示", "报告")
ABOUT = "关于"
# 根据市委巡察工作安排: the body that sent the inspectors.
ACCORDING_TO = "根据"
# 市委第一巡察组: the inspecting group.
GROUP = "组"
# 对某某局(以下简称某局)开展了巡察: the target, its short name, the verb.
TARGET_BEFORE = ("对", "进驻")
SHORT_NAME_WORDS = ("以下简称", "下称", "简称")
CARRY_OUT = ("开展", "进行", "实施")
# 对12个单位开展巡察: a whole round of targets, counted in these.
TARGET_COUNT_UNITS = ("个", "家", "所")

# 第N轮: the round of inspections (第四轮巡察); 第 alone makes any ordinal (第2批).
ORDINAL = "第"
ROUND = "轮"
# A target counted in these (对12个单位, 对县教育局等5家单位) is a whole round of
# inspections, not one inspected organisation.
INSPECTED_BODIES = ("单位", "部门", "党组织", "党委", "党组", "乡镇", "街道", "村", "社区", "学校", "企业", "医院")
# Rules only: words with which a heading speaks of the fed-back problems.
PROBLEM_WORDS = (PROBLEM, "反馈意见")
# Rules only: what wraps a problem's name in its heading (pipeline.rules.problems):
# 关于“X”方面存在的问题的整改落实情况 -> X.
PROBLEM_HEADING_WRAPPER = {
    "about": ABOUT,
    "area": AREA,
    "found": "存在",
    "of": OF,
    "rectification": "整改",
    "rectification_work": ("落实", "工作", "进展"),
    "state": "情况",
}
# A list marker inside a sentence: 一是…, 二是….
INLINE_MARKER = "是"
# Rules only: what a top-level part's own heading says it is about, checked in this order.
# Strong problem words come before the organisation ones ("关于“党的领导弱化”方面问题" names
# 领导), weak ones after them ("加强组织领导，推动整改落实" names 落实 but is no problem
# part). An overview (整改工作总体情况) states figures.
PART_HEADING_WORDS = {
    "next_steps": ("下一步", "下步", "今后", "打算", "工作安排", "工作计划"),
    "overview": ("总体", "基本情况"),
    "problems": (*PROBLEM_WORDS, "方面", "关于"),
    "organization": ("组织", "开展情况", "领导", "工作情况", "部署", "责任", "高度重视", "政治站位", "扛起",
                     "扛牢", "压实", "统筹"),
    "weak_problems": ("落实", "整改情况", "进展"),
}
# Rules only: what a part's sentences say when it plans what comes next (a next-steps
# part), and when it reports work done (organisation and problem parts); see pipeline.segment.parts.
PLAN_WORDS = ("持续", "进一步", "将", "要", "继续", "坚持", "不断", "着力", "力争", "确保", "巩固", "深化",
              "常态化", "长效", "下一步")
DONE_REPORT_WORDS = ("已", "累计", "共计", "了")
# Rules only: part-heading words out of their meaning: 坚持问题导向 is a way of working.
NOT_PART_HEADING_WORDS = ("问题导向",)

# Rules only: a ledger table's header cells name its columns (pipeline.segment.blocks): the
# problem, its measures (整改措施) and its progress (整改进展, 完成情况).
LEDGER_COLUMNS = {
    "problem": ("问题",),
    "measures": ("措施",),
    "progress": ("进展", "进度", "情况", "成效", "结果"),
}
