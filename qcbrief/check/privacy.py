"""Privacy rules (QC5xx): patient identifiers in a bulletin that is printed
and circulated.  Errors, never auto-fixed: masking is the author's call."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..diagnostics import Finding
from ..text.cjk import HAN, OPAQUE
from .registry import rule

# --------------------------------------------------------------------------- QC501
_REGIONS = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
            50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_ID = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= day <= dt.date.today()


def is_resident_id(s: str) -> bool:
    """A plausible resident identity card number (GB 11643-1999; 15-digit old form too)."""
    if int(s[:2]) not in _REGIONS:
        return False
    if len(s) == 18:
        if not _valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])):
            return False
        total = sum(int(c) * w for c, w in zip(s[:17], _WEIGHTS))
        return _CHECK[total % 11] == s[17].upper()
    return _valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))


@rule("QC501", "id-number", "error", "文中有身份证号码", scope="text",
      clause="《个人信息保护法》；《医疗机构病历管理规定》",
      why="简报公开印发，不得出现患者或其他个人的身份证号码。请删去，或只保留前后几位（如 4201**********1234）。"
          "本规则校验地区码、出生日期和校验位，普通的长数字不会误报。",
      bad="患者身份证号420102198001011234。", good="患者身份证号已隐去。")
def id_number(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        for m in _ID.finditer(t):
            if is_resident_id(m.group(1)):
                line, col = doc.loc(p, m.start())
                yield ctx.finding("QC501", doc.path, line, col,
                                  "疑似身份证号码：简报公开印发，请删去或打码（如 4201**********1234）")


# --------------------------------------------------------------------------- QC502
_MOBILE = re.compile(r"(?<![0-9\-])(?:\+?86[ \-]?)?1[3-9][0-9](?:[ \-]?)[0-9]{4}(?:[ \-]?)[0-9]{4}(?![0-9])")


@rule("QC502", "mobile-number", "error", "文中有手机号码", scope="text",
      why="简报公开印发，不得出现个人手机号码。联系电话请用单位座机或写在 config.yaml 的 contact 中。",
      bad="联系人：李某，电话13812345678。", good="联系人：李某，电话027-87830166。")
def mobile_number(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        for m in _MOBILE.finditer(t):
            digits = re.sub(r"\D", "", m.group())
            if len(digits) not in (11, 13):
                continue
            line, col = doc.loc(p, m.start())
            yield ctx.finding("QC502", doc.path, line, col, f"疑似手机号码“{m.group()}”：请删去或改用单位电话")


# --------------------------------------------------------------------------- QC503
_RECORD = re.compile(r"(住院号|病案号|病历号|门诊号|急诊号|ID号|就诊卡号|医保卡号|登记号|床号)[ \t]*(?:为|是)?[ \t]*[:：]?[ \t]*([A-Za-z]{0,3}[0-9]{3,})(?![0-9*＊×\ufffc])")


@rule("QC503", "record-number", "error", "文中有住院号、病案号等患者编号", scope="text",
      why="住院号、病案号、门诊号等能直接对应到患者，简报中不得出现。请删去编号或打码（住院号：2023****）。",
      bad="患者（住院号：20230456）术后第3天出现发热。", good="患者术后第3天出现发热。")
def record_number(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        if "号" not in t:
            continue
        for m in _RECORD.finditer(t):
            line, col = doc.loc(p, m.start(2))
            yield ctx.finding("QC503", doc.path, line, col, f"{m.group(1)}“{m.group(2)}”可对应到患者：请删去或打码")


# --------------------------------------------------------------------------- QC504
SURNAMES_2 = ("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 百里 呼延 轩辕 "
              "澹台 申屠 闻人 万俟 赫连 钟离 宗政 濮阳 太史 公羊 淳于 单于 仲孙 亓官 司空 羊舌 梁丘 左丘 东郭 第五").split()
SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖"
    "贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷"
    "詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农"
    "司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国"
    "狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於"
    "呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由")
# Words that follow 患者/患儿/家属… and begin with a surname-like character.
STOP_WORDS = set("""
安全 安置 安排 满意 满意度 管理 管道 信息 权益 权利 隐私 需求 体验 家属 家庭 病情 生命 健康 身份 诉求 服务 数量 人数 人次 比例 转运 转诊 随访
回访 评估 教育 康复 治疗 就医 就诊 入院 出院 均 平均 年龄 时间 来源 费用 负担 全程 全部 所有 总数 主诉 常规 明显 明确 文化 程度 住院 门诊
关系 向导 和家属 及家属 及其 应当 应该 应急 优先 多次 多数 都能 都有 都是 能够 满足 高危 高风险 高龄 术后 术前 用药 用血 流量 宣教 方面
方便 方式 利益 感受 感染 结局 预后 占比 占用 分布 分级 分类 分诊 获益 获得 和医 与医 主动 参与 自身 自我 本人 人身 生活 生存 生理 心理 成本
包括 包含 容易 容量 出现 发生 相关 相应 资料 记录 档案 标识 身体 伍 信任 信赖 尊严 舒适 舒缓 知情 同意 选择 告知 离院 离开 死亡 存活 救治
转科 转归 交接 交流 沟通 投诉 纠纷 反映 反馈 评价 满意率 管路 约束 跌倒 坠床 压力 焦虑 疼痛 营养 饮食 活动 步行 休息 睡眠 卫生 清洁 排队
等候 等待 候诊 滞留 留观 分流 路径 通道 流程 环节 数据 样本 标本 血液 血样 检查 检验 影像 报告 结果 指标 病历 病案 费 群体 人群 对象 个体
""".split())
_STOP_BY_FIRST: dict[str, list[str]] = {}
for _w in STOP_WORDS:
    _STOP_BY_FIRST.setdefault(_w[0], []).append(_w)
_TRIGGER = re.compile(r"(患者|患儿|病人|病患|姓名|家属)[ \t]*[:：]?[ \t]*")
_MASKS = set("某×Xx*＊○〇□■") | {OPAQUE}
_BOUNDARY = re.compile(f"$|[，。、；：！？,.;:!?（）()“”‘’《》\\s{OPAQUE}]|[0-9]|(?:因|于|在|以|经|被|男|女|入院|出院|就诊|主诉|自述|诉|系|今年|年龄|现年|术后|行|曾|既往|出现|突发|，)")
_HAN_RE = re.compile(f"[{HAN}]")


def _candidates(t: str, k: int):
    """Possible (name, end) starting at t[k]: surname + 1-2 given-name characters."""
    out = []
    for sur_len in (2, 1):
        sur = t[k:k + sur_len]
        if (sur_len == 2 and sur in SURNAMES_2) or (sur_len == 1 and sur in SURNAMES_1):
            for given in (2, 1):
                end = k + sur_len + given
                name = t[k:end]
                if len(name) == sur_len + given and all(_HAN_RE.match(c) for c in name[sur_len:]):
                    if not any(c in _MASKS for c in name):
                        out.append((name, end, sur_len))
    return out


def patient_name_at(t: str, k: int) -> tuple[str, int] | None:
    """A personal name standing at t[k] (right after a trigger word), or None."""
    if k >= len(t) or t[k] in _MASKS or t[k + 1:k + 2] in _MASKS or t[k + 2:k + 3] in ("某",):
        return None
    if any(t.startswith(w, k) for w in _STOP_BY_FIRST.get(t[k], ())):
        return None
    for name, end, sur_len in _candidates(t, k):
        if t[end:end + 1] in _MASKS:
            return None
        if _BOUNDARY.match(t, end):
            return name, sur_len
    return None


@rule("QC504", "patient-name", "error", "文中疑似出现患者真实姓名", scope="text",
      why="病例介绍中的患者、家属姓名须隐去：写作“张某”或“张某某”，或“患者A”。"
          "本规则在“患者、患儿、病人、姓名、家属”之后查找常见姓氏开头的两三字人名；“患者满意度”“患者安全”等词组不受影响。",
      bad="患者张伟，男，65岁，因胸痛入院。", good="患者张某，男，65岁，因胸痛入院。")
def patient_name(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        if not any(w in t for w in ("患", "病人", "姓名", "家属")):
            continue
        for m in _TRIGGER.finditer(t):
            hit = patient_name_at(t, m.end())
            if hit:
                name, sur_len = hit
                line, col = doc.loc(p, m.end())
                yield ctx.finding("QC504", doc.path, line, col,
                                  f"疑似患者姓名“{name}”：请隐去，写作“{name[:sur_len]}某”或“{name[:sur_len]}某某”")
