"""Word files made at test time with python-docx, each holding the traps real
office files hold: structure by direct formatting only, heading styles with
Chinese Word's and WPS's style ids, outline levels, generated numbering,
merged table cells, pictures, footnotes and endnotes, tracked changes, text
boxes stored twice, fields, headers, rare characters, 着重号."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from PIL import Image

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

BODY = "各乡镇党委、县直各单位党组织要把加强基层党组织建设作为重要政治任务，切实抓紧抓实，确保各项工作落到实处。"


def run(paragraph, text, size=16, font="仿宋_GB2312", bold=False, italic=False, dot=False, underline=False):
    r = paragraph.add_run(text)
    r.font.size = Pt(size)
    r.font.bold = bold or None
    r.font.italic = italic or None
    r.font.underline = underline or None
    r.font.name = font
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if dot:
        r._element.get_or_add_rPr().append(parse_xml(f'<w:em {nsdecls("w")} w:val="dot"/>'))
    return r


def para(doc, text="", size=16, font="仿宋_GB2312", center=False, **style):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run(p, text, size, font, **style)
    return p


def png(color=(200, 30, 30), size=(240, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def add_notes(doc, kind: str, notes: dict[int, str]) -> None:
    """A footnotes (or endnotes) part, which python-docx does not make."""
    body = "".join(
        f'<w:{kind} w:id="{i}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
        f'</w:p></w:{kind}>' for i, text in notes.items())
    xml = (f'<w:{kind}s {W_NS}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           f'</w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           f'</w:r></w:p></w:{kind}>{body}</w:{kind}s>')
    part = Part(PackURI(f"/word/{kind}s.xml"),
                f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml",
                xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT + f"{kind}s")


def note_ref(paragraph, kind: str, number: int) -> None:
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:{kind}Reference w:id="{number}"/></w:r>'))


def text_box(paragraph, text: str) -> None:
    """A floating text box as Word writes it: once for Word 2010+ (Choice),
    once more for older readers (Fallback)."""
    inner = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")} {MC}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2000000" cy="400000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="10" name="文本框 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="400000"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx>{inner}</wps:txbx><wps:bodyPr rot="0" vert="horz"/></wps:wsp></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
        '<v:shape id="box1" style="position:absolute;width:157pt;height:31pt" type="#_x0000_t202">'
        f'<v:textbox>{inner}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))


def rich_docx(path: Path, box: bool = True) -> Path:
    """A 通知 with no styles: everything by direct formatting, as most
    office files are, and every trap of the list above. (LibreOffice does
    not open the hand-made text box: ``box=False`` leaves it out.)"""
    doc = Document()
    doc.core_properties.title = "核心属性里的标题"
    doc.core_properties.author = "Administrator"
    doc.sections[0].footer.paragraphs[0].text = "内部资料 注意保存"
    para(doc, "关于加强基层党组织建设的通知", 22, "方正小标宋简体", center=True)
    para(doc)
    para(doc, "县委组织部", 16, "楷体_GB2312", center=True)
    para(doc)
    p = para(doc, "\u3000\u3000为深入贯彻落实党的建设要求，现就有关事项通知如下：")
    run(p, "重点", bold=True)
    run(p, "必须", dot=True)
    run(p, "抓好落实", italic=True)
    run(p, "。")
    note_ref(p, "footnote", 1)
    run(p, "第一行")
    p.add_run().add_break()  # a soft line break (Shift+Enter)
    run(p, "第二行。")
    para(doc, "一、总体要求", font="黑体")
    p = para(doc, BODY + "出现𠮷和䶮两个少见字。")
    para(doc, "（一）工作目标", font="楷体_GB2312")
    para(doc, "1．各级党组织要高度重视基层党组织建设工作，认真研究部署，确保取得实效。")
    para(doc, "1．加强组织领导", bold=True)
    p = para(doc, "分页之后的段落。")
    p.runs[0].add_break(WD_BREAK.PAGE)
    p = para(doc, "二、工作措施", font="黑体")
    note_ref(p, "endnote", 1)
    p = para(doc, "原有文字")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a" w:date="2024-05-06T00:00:00Z">'
                          f'<w:r><w:t>新增内容</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a" w:date="2024-05-06T00:00:00Z">'
                          f'<w:r><w:delText>删除内容</w:delText></w:r></w:del>'))
    doc.add_comment(run(p, "，保留。"), text="批注内容不印", author="审稿人")
    if box:
        text_box(para(doc), "文本框内容只出现一次")
    para(doc, "习近平总书记指出", font="楷体_GB2312")
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["项目", "责任与时限", ""], ["组织建设", "组织部", "6月底"], ["队伍建设", "", "年底"]]):
        for c, value in enumerate(row):
            if value:
                cell_run = table.cell(r, c).paragraphs[0].add_run(value)
                cell_run.bold = r == 0 or None
    table.cell(1, 1).merge(table.cell(2, 1))      # vertical: 组织部 for both rows
    table.cell(0, 1).merge(table.cell(0, 2))      # horizontal
    doc.add_paragraph().add_run().add_picture(io.BytesIO(png()))
    para(doc, "图1 党员活动现场", font="黑体", center=True)
    p = para(doc, "落款日期：")
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" DATE "><w:r><w:t>2024年5月6日</w:t></w:r>'
                          f'</w:fldSimple>'))
    p = para(doc, "")
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>目录项一……1</w:t></w:r>'))
    p2 = para(doc, "目录项二……2")
    p2._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    para(doc, "结尾段落。")
    add_notes(doc, "footnote", {1: "脚注：中共中央办公厅印发，2024年。"})
    add_notes(doc, "endnote", {1: "尾注内容。"})
    doc.save(path)
    return path


RICH_TEXT_IN_ORDER = [
    "为深入贯彻落实党的建设要求", "重点", "必须", "抓好落实", "第一行", "第二行",
    "一、总体要求", "𠮷", "䶮", "（一）工作目标", "1．各级党组织要高度重视", "1．加强组织领导",
    "分页之后的段落", "二、工作措施", "原有文字新增内容，保留。", "文本框内容只出现一次", "习近平总书记指出",
    "项目", "责任与时限", "组织建设", "组织部", "6月底", "队伍建设", "年底", "图1党员活动现场",
    "落款日期：2024年5月6日", "结尾段落",
]


def numbering_docx(path: Path, chinese_style_ids: bool = False) -> Path:
    """Structure by heading styles, outline levels and generated numbers,
    as Word and WPS save it: no number typed in the text."""
    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="japaneseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3．"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="92">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="93">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '</w:abstractNum>'))
    for num, abstract in ((90, 90), (91, 91), (92, 92), (93, 93)):
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num}"><w:abstractNumId w:val="{abstract}"/>'
                                   f'</w:num>'))

    def numbered(text, num, level=0, outline=None, font="黑体", style=None):
        p = doc.add_paragraph(style=style)
        run(p, text, font=font)
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'))
        if outline is not None:
            ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>'))
        return p

    doc.add_paragraph("学习贯彻工作方案", style="Title")
    numbered("指导思想", 90, 0, outline=0)
    para(doc, BODY)
    numbered("学习内容", 90, 1, outline=1, font="楷体_GB2312")
    para(doc, BODY)
    numbered("学习方式", 90, 1, outline=1, font="楷体_GB2312")
    numbered("第一项要求，要认真组织学习，确保人人参与；", 91, font="仿宋_GB2312")
    numbered("第二项要求，要及时总结经验，形成长效机制。", 91, font="仿宋_GB2312")
    numbered("工作要求", 90, 0, outline=0)
    numbered("组织保障", 90, 1, outline=1, font="楷体_GB2312")  # restarts at （一）
    numbered("要点一", 92, font="仿宋_GB2312")
    numbered("要点二", 92, font="仿宋_GB2312")
    numbered("第一步", 93, font="仿宋_GB2312")
    numbered("第二步", 93, font="仿宋_GB2312")
    numbered("不编号的段落，样式带编号也不编。", 0, font="仿宋_GB2312")
    doc.add_paragraph("样式标题", style="Heading 1")
    doc.add_paragraph("样式二级标题", style="Heading 2")
    para(doc, BODY)
    if chinese_style_ids:
        _chinese_ids(doc)
    doc.save(path)
    return path


def _chinese_ids(doc) -> None:
    """Style ids as Chinese Word writes them: Normal is "a", Heading 1 is "1",
    Heading 2 is "2"; WPS writes Normal as "1". A reader going by ids gets
    them all wrong; by names, right."""
    ids = {"Normal": "a", "Heading1": "1", "Heading2": "2", "Title": "a5"}
    styles = doc.styles.element
    for style in styles.iter(qn("w:style")):
        sid = style.get(qn("w:styleId"))
        if sid in ids:
            style.set(qn("w:styleId"), ids[sid])
    for element in list(styles.iter(qn("w:basedOn"))) + list(styles.iter(qn("w:next"))) \
            + list(styles.iter(qn("w:link"))) + list(doc.element.body.iter(qn("w:pStyle"))):
        if element.get(qn("w:val")) in ids:
            element.set(qn("w:val"), ids[element.get(qn("w:val"))])
    # a WPS-style trap beside it: a style whose id is "1"-like but is body text
    styles.append(parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="3"><w:name w:val="Body Text"/>'
                            f'<w:basedOn w:val="a"/></w:style>'))
    doc.add_paragraph("用编号样式3写的正文，不是标题。")._p.get_or_add_pPr().append(
        parse_xml(f'<w:pStyle {nsdecls("w")} w:val="3"/>'))


NUMBERED_HEADINGS = [
    (1, "一、指导思想"), (2, "（一）学习内容"), (2, "（二）学习方式"), (1, "二、工作要求"), (2, "（一）组织保障"),
    (1, "样式标题"), (2, "样式二级标题"),
]
