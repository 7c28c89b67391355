"""Notices of the genre written for the tests, each in one of the forms real notices take."""

from __future__ import annotations

import re

from tests.conftest import INPUTS

SEED = (INPUTS / "plan" / "notice.txt").read_text(encoding="utf-8")


def suffix_style(text: str) -> str:
    """The seed notice rewritten as many governments write it: (X牵头，Y、Z按职责分工负责), (X负责), sections
    called 主要指标 / 主要任务 / 重大工程, and units written with the 市 prefix or in full."""
    def rewrite(m: re.Match) -> str:
        body = m.group(1)
        lead = re.search(r"牵头单位[:：]([^;；)）]*)", body).group(1)
        helpers = re.search(r"责任单位[:：](.*)$", body)
        lead = lead.replace("发展改革委", "柳州市发展和改革委员会").replace("工信委", "市工信委")
        if not helpers:
            return f"（{lead}负责）"
        return f"（{lead}牵头，{helpers.group(1).replace('统计局', '市统计局')}按职责分工负责）"

    text = re.sub(r"[(（](牵头单位[:：][^\n]*?)[)）](?=[。]?\s*$)", rewrite, text, flags=re.M)
    return (text.replace("一、目标指标", "一、主要指标").replace("二、重点任务", "二、主要任务")
            .replace("三、示范工程", "三、重大工程"))


STATE_STYLE = """\
某某省人民政府关于加快推进全省绿色建材产业高质量发展的实施意见
某政发〔2023〕7号
各市、县人民政府，省政府各部门：
为加快推进绿色建材产业高质量发展，现提出以下意见。
一、总体要求
（一）指导思想。坚持新发展理念，推动产业转型升级。
（二）发展目标。到2025年，绿色建材产值达到800亿元，到2027年超过1000亿元。
二、推动产业创新发展
（三）完善创新体系。支持企业建设研发平台，突破一批关键技术。（省工业和信息化厅、省科技厅、省发展改革委等负责。列第一位者为牵头单位，下同）
（四）培育龙头企业。支持骨干企业兼并重组，打造产业集群。（省工业和信息化厅、省国资委负责）
三、扩大绿色建材应用
（五）推进政府采购应用。在政府投资项目中优先采购绿色建材。（省财政厅、省住房城乡建设厅按职责分工负责）
（六）开展下乡活动。组织绿色建材下乡，
引导农村建房使用绿色建材。（省住房城乡建设厅牵头，省商务厅、省农业农村厅配合）
四、强化组织保障
（七）健全工作机制。建立省级协调推进机制。（省工业和信息化厅、省住房城乡建设厅牵头负责）
（八）压实地方责任。各地要结合实际制定实施方案。（各市、县人民政府负责）
某某省人民政府
2023年3月1日
（此件公开发布）
"""

CITY_STYLE = """\
某某市人民政府办公室关于印发某某市“十四五”节能减排工作方案任务分工的通知
某政办发〔2022〕15号
一、主要指标
到2025年，全市节能减排主要指标如下：
1.单位地区生产总值能耗比2020年下降14%左右。（约束性指标，牵头单位：市发展改革委；责任单位：市统计局，以下均需各县、区人民政府落实，不再逐一列出）
2.城市污水处理率达到95%以上，城市生活垃圾回收利用率达到35%以上。（预期性指标，牵头单位：市住房城乡建设局；配合单位：市城管局）
3.化学需氧量、氨氮排放量较2020年分别下降8%、8%。（牵头单位：市生态环境局）
二、构建绿色低碳产业体系
（一）推动工业节能降碳
1.实施工业能效提升行动，推进重点行业节能改造。（市工业和信息化局牵头，市发展改革委、市生态环境局配合）
2.淘汰落后产能。【牵头单位：市工业和信息化局；协办单位：市应急管理局】
（二）推动建筑领域节能
3.推广绿色建筑，新建建筑全面执行绿色建筑标准，
既有建筑节能改造面积达到100万平方米。
（牵头单位：市住房城乡建设局；参与单位：各区、县级市人民政府）
三、实施节能减排重大工程
（一）重点行业绿色升级工程
实施钢铁、水泥行业超低排放改造。（市生态环境局负责）
四、保障措施
（一）加强组织领导。各部门要加强领导，明确责任分工。
（二）强化监督考核。将节能减排纳入考核。
"""


def large_notice(units: int = 100, indicators: int = 40, groups: int = 20, per_group: int = 11,
                 projects: int = 40) -> str:
    """A notice with many units and items: 40 + 20 × 11 + 40 = 300 items over 100 units by default."""
    names = [f"市第{n}局" for n in range(1, units - 11)] + [f"第{n}区人民政府" for n in range(1, 13)]
    pick = lambda n, k: [names[(n * 7 + j * 13) % len(names)] for j in range(k)]  # noqa: E731
    lines = ["某某市人民政府关于印发某某市重点工作任务分工方案的通知", "某政发〔2023〕1号", "一、主要指标"]
    lines += [f"{n}.第{n}项指标达到{10 + n % 80}%。（牵头单位：{pick(n, 1)[0]}；责任单位：{'、'.join(pick(n + 1, 3))}）"
              for n in range(1, indicators + 1)]
    lines.append("二、主要任务")
    for g in range(1, groups + 1):
        lines.append(f"（{_cn(g)}）第{g}类任务")
        lines += [f"{i}.推进第{g}-{i}项工作，完成相关建设任务。（{pick(g * 31 + i, 1)[0]}牵头，"
                  f"{'、'.join(pick(g * 17 + i, 4))}按职责分工负责）" for i in range(1, per_group + 1)]
    lines.append("三、重大工程")
    lines += [f"（{n}）实施第{n}项工程。（{pick(n * 3, 1)[0]}负责）" for n in range(1, projects + 1)]
    return "\n".join(lines) + "\n"


def _cn(n: int) -> str:
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (digits[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (digits[ones - 1] if ones else "")
