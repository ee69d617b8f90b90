"""Page furniture: lines that belong to the web page, not to the article.

Copyright and disclaimer lines, navigation, forum chrome, bylines, photo
credits, source links and runs of "related articles" links. They keep their
place (offsets stay true) but are marked, so retrieval and extraction skip them.
"""

from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"(版权所有|版权归|免责声明|Copyright|©|\(c\)\s*\d{4}|ICP备|公网安备|Powered\s+by|Power\s+by|"
    r"All\s+Rights\s+Reserved|未经授权|禁止转载|转载请注明)",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    r"^\s*[\[【(（]?\s*(原文链接|原文地址|本文链接|文章来源|信息来源|来源|图片来源|图源|责任编辑|责编|编辑|审核|"
    r"校对|作者|记者|通讯员|摄影|发表于|发布时间|发布日期|更新时间|浏览次数|点击数|阅读量|字号|"
    r"关键词|标签|分享到)\s*[\]】)）]?\s*[:：\s]"
)
_CHROME = re.compile(
    r"^\s*(首页|上一篇|下一篇|上一条|下一条|返回顶部|返回列表|打印本页|关闭窗口|显示全部楼层|只看该作者|"
    r"回复|举报|收藏|点赞|扫一扫|相关阅读|相关新闻|相关文章|推荐阅读|热门推荐|延伸阅读|【打印】|【关闭】)"
)
_ONLY_SYMBOLS = re.compile(r"^[\s|│¦\-–—_=*#·•.…~]+$")
# A page number a PDF's text keeps between pages: － 1 －, - 2 -, 第3页, 第 3 页 共 8 页.
_PAGE_NUMBER = re.compile(
    r"^[－\-—–]\s*\d{1,3}\s*[－\-—–]$|^第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?$"
)
_URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(com|cn|net|org|gov\.cn)\b", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*[►▶●◆]\s*\S{2,4}(\s+\S{2,4}){0,3}\s*$")
_SENTENCE_PUNCT = re.compile(r"[，。！？；,;!?]")
_LIST_ITEM = re.compile(r"^\s*([-–·•*]|\d{1,2}[.、)])\s+\S")
_TRAILING_DATE = re.compile(r"(\d{2,4}[-/.])?\d{1,2}[-/.]\d{1,2}\s*$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)")
_RELATED = re.compile(r"^[【\[]?(相关链接|相关阅读|相关新闻|相关文章|推荐阅读|延伸阅读|热门推荐|热点推荐)")
_MONEY = re.compile(r"\d\s*(万亿|亿|万)?\s*(元|美元)|[亿万]元")
# Where a scraped page's article ends inside a line: the platform's notice, its link back, and the
# headlines of other stories it recommends (相关推荐 绵阳…签约12个项目 …) that follow.
_TAIL = re.compile(
    r"返回搜狐[，,]?\s*查看更多|特别声明[:：]\s*以上内容|平台声明[:：]|Notice:\s*The content above"
    r"|(?<![\u4e00-\u9fff])(?:相关推荐|热点推荐|猜你喜欢|为你推荐|为您推荐|网易热搜)(?![\u4e00-\u9fff]{0,2}[，,。])"
    r"|[【\[]?(?:相关链接|相关阅读|相关新闻|相关文章)[】\]]?[:：]",
    re.IGNORECASE,
)


def tail_start(line: str) -> int | None:
    """Where the page's own text begins inside ``line`` after an article (a notice, links back,
    other stories' headlines), if it does after some of the article; None if not."""
    m = _TAIL.search(line)
    return m.start() if m is not None and m.start() > 0 else None


def _no_sentence_after(s: str, m: re.Match[str] | None) -> bool:
    """A labelled line (记者 …, 来源：…, 首页 | …) is furniture only when no sentence follows the label."""
    return m is not None and not _SENTENCE_PUNCT.search(s[m.end() :]) and len(s) <= 80


def is_furniture(line: str) -> bool:
    """A single line that is page furniture whatever surrounds it."""
    s = line.strip()
    if not s or _ONLY_SYMBOLS.match(s) or _PAGE_NUMBER.match(s):
        return True
    if _no_sentence_after(s, _CHROME.match(s)) or _no_sentence_after(s, _LABELLED.match(s)):
        return True
    if _BYLINE.match(s):
        return True
    if _FURNITURE.search(s) and len(s) < 200:
        return True
    # A short line carrying a URL and no sentence is a source link or a site banner.
    return bool(_URL.search(s) and len(_URL.sub("", s)) < 40 and not _SENTENCE_PUNCT.search(_URL.sub("", s)))


def _link_like(line: str) -> bool:
    """A line of a related-links list: short, a list item or a title cut with … before a date.

    A list item that carries money or ends a clause is content (a list of signed
    projects), never a link.
    """
    s = line.strip()
    # a project in a list reads as a clause (名称，总投资X亿元；); a headline does not
    if len(s) > 60 or s[-1] in "。；;" or (_MONEY.search(s) and re.search("[，,：:]", s)):
        return False
    return bool(_LIST_ITEM.match(s) or (_ELLIPSIS.search(s) and _TRAILING_DATE.search(s)))


def boilerplate_flags(lines: list[str], *, min_run: int = 3) -> list[bool]:
    """Per line: furniture, part of a run of at least ``min_run`` link-list lines, or an item
    under a 相关链接 / 相关阅读 header."""
    flags = [is_furniture(line) for line in lines]
    under_header = False
    for i, line in enumerate(lines):
        s = line.strip()
        if _RELATED.match(s):
            under_header = flags[i] = True
        elif under_header and (_link_like(s) or (len(s) <= 40 and s[-1:] not in "。；;")):
            flags[i] = True
        else:
            under_header = False
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if i < len(lines) and _link_like(line):
            run.append(i)
            continue
        if len(run) >= min_run:
            for j in run:
                flags[j] = True
        run = []
    return flags
