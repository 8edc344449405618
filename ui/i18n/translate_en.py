"""English texts for the screens, kept beside the Qt translation file they fill.

`./dev i18n` runs pyside6-lupdate (new source texts from the QML), then this script writes every English
text below into kiosk_en.ts and compiles kiosk_en.qm with pyside6-lrelease. A test fails when a
screen text has no English here."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent
TS = HERE / "kiosk_en.ts"

EN: dict[str, str] = {
    "‹ 返回": "‹ Back",
    "企业服务": "Enterprise services",
    "个人服务": "Personal services",
    "搜索事项，如：社保、公积金、无房证明": "Search, e.g. social insurance, housing fund (pinyin initials work: sbzm)",
    "没有找到相关事项，请换个关键词试试。": "Nothing found. Please try another word.",
    "承诺时限 即办": "Done on the spot",
    "承诺时限 %1 个工作日": "Promised within %1 working days",
    "秒批 · 可当场打印": "Instant · print on the spot",
    "填写申请信息": "Fill in the application",
    "带“来自身份证”标记的内容已自动填写，无需修改。": "Fields marked “from ID card” are filled in for you.",
    "来自身份证": "from ID card",
    "暂缺「%1」，承诺 %2 个工作日内补交（容缺受理）": "“%1” is missing: I will supply it within %2 working days",
    "下一步：核对信息": "Next: check",
    "%1 · 事项编码 %2": "%1 · item code %2",
    "办理条件": "Conditions",
    "申请材料": "Materials",
    "%1（%2 %3 份）": "%1 (%2 × %3)",          # "1 copies" was wrong; × needs no plural
    "%1（%2）": "%1 (%2)",
    "原件": "original",
    "复印件": "photocopy",
    "电子": "electronic",
    "【可容缺，%1 个工作日内补交】": " [may be supplied within %1 working days]",
    "设定依据": "Legal basis",
    "办理时限": "Time limits",
    "法定时限：%1 个工作日": "Legal limit: %1 working days",
    "承诺时限：即办": "Promised: on the spot",
    "承诺时限：%1 个工作日": "Promised: %1 working days",
    "办理流程": "Procedure",
    "收费标准": "Fees",
    "身份核验": "Identity check",
    "刷身份证 + 人脸识别（实名 + 实人）": "ID card + face check (real name + real person)",
    "刷身份证（实名）": "ID card (real name)",
    "开始办理": "Start",
    "您好，请选择要办理的业务": "Welcome. What would you like to do?",
    "社保 · 公积金 · 不动产 · 税务 · 医保 · 证件": "Social insurance · housing fund · property · tax · medical · permits",
    "办件查询": "Track an application",
    "输入办件号查询办理进度": "Enter the application number to see its progress",
    "证明打印": "Print a certificate",
    "参保证明 · 缴存证明 · 无房证明 · 纳税记录": "Insurance · housing fund · no-property · tax records",
    "请将身份证放在读卡区": "Place your ID card on the reader",
    "也可插入社保卡，或出示电子身份证 / 电子社保卡二维码": "Or insert your social security card, or show an e-ID / e-SSC QR code",
    "正在办理：%1": "Service: %1",
    "读卡区": "Reader",
    "居民身份证": "ID card",
    "放稳后请勿移动，读取约需 1 秒": "Hold it still: reading takes about 1 second",
    "读卡器暂不可用，请联系工作人员": "The reader is not available; please ask staff",
    "清除": "Clear",
    "⌫ 删除": "⌫ Delete",
    "政务服务自助终端": "Government Services Self-Service Kiosk",
    "您还需要更多时间吗？": "Do you need more time?",
    "%1 秒后将自动结束办理，并清除您在本机留下的全部信息。": "In %1 seconds this session ends and everything you entered is cleared.",
    "结束办理": "Finish",
    "需要更多时间": "More time, please",
    "维护 · 待提交队列与设备状态": "Maintenance · queue and devices",
    "待提交": "Queued",
    "最久等待": "Oldest",
    "需处理（已挂起）": "Parked",
    "最近成功同步": "Last good sync",
    "已挂起的项目（平台拒收，需人工处理；不会被自动删除）": "Parked items (refused by the platform; kept until a technician acts)",
    "无": "None",
    "从未": "never",
    "%1 分钟": "%1 min",
    "%1 小时 %2 分": "%1 h %2 min",
    "A4打印机": "A4 printer",
    "凭条打印机": "Receipt printer",
    "身份证读卡器": "ID card reader",
    "社保卡读卡器": "Social security card reader",
    "扫码器": "QR scanner",
    "摄像头": "Camera",
    "高拍仪": "Document camera",
    "终端": "Kiosk",
    "网络": "Network",
    "待上传申请": "Applications to send",
    "纸将尽": "paper low",
    "缺纸": "out of paper",
    "卡纸": "paper jam",
    "无响应": "not responding",
    "故障": "hardware fault",
    "软件反复崩溃": "software keeps crashing",
    "显示故障": "display failed",
    "离线": "offline",
    "申请积压未上传": "applications not sent for an hour",
    "有申请需人工处理": "applications parked for a technician",
    "终端时钟": "Kiosk clock",
    "系统时间不准": "wrong time (check NTP)",
    "：": ": ",
    "运维工单（平台开出；设备恢复正常后自动关闭）": "Work orders (opened by the platform; closed when the device reports ready)",
    "  开单 %1  时限 %2": "  opened %1  due %2",
    "  已超时升级": "  overdue, escalated",
    " 正常": " OK",
    " 不可用": " unavailable",
    "退出维护": "Leave maintenance",
    "恢复服务": "Return to service",
    "暂停服务": "Take out of service",
    "刷新": "Refresh",
    "正在同步…": "Syncing…",
    "立即同步": "Sync now",
    "本终端暂停服务": "This kiosk is out of service",
    "设备故障：%1。工作人员正在处理。": "A device is out of order: %1. Staff have been told.",
    "打印纸已用完或卡纸：%1。工作人员正在处理。": "Paper is out or jammed: %1. Staff have been told.",
    "暂时无法连接政务服务平台。": "The service platform cannot be reached at the moment.",
    "本终端服务时间为每天 %1。": "This kiosk serves daily %1.",
    "设备维护中，请稍候。": "Under maintenance; please wait.",
    "本终端已被平台停用，请联系工作人员。": "The platform has disabled this kiosk; please ask staff.",
    "正在准备，请稍候": "Getting ready, one moment",
    "正在连接政务服务平台，马上就好。": "Connecting to the government service platform; nearly there.",
    "容缺受理：以下材料请在期限内补交": "Accepted with materials missing (容缺): please bring them by the dates below",
    "%1：请于 %2 前补交（%3 个工作日内）": "%1: by %2 (within %3 working days)",
    "秒批 · 手机下载": "Instant · download by phone",
    "请取走您的身份证": "Please take your ID card",
    "请取走您的社保卡": "Please take your social security card",
    "请取走您的身份证和社保卡": "Please take your ID card and your social security card",
    "本终端尚未配置，请技术人员配置后使用。": "This kiosk is not set up yet. A technician must set it up before use.",
    "您可以前往服务大厅窗口办理，或拨打 12345 政务服务便民热线咨询。": "Please use a counter in the service hall, or call the 12345 hotline.",
    "请输入办件号，如 ZW20261121000001": "Application number, e.g. ZW20261121000001",
    "查询": "Search",
    "当前状态：%1": "Status: %1",
    "请您对本次服务进行评价": "How was this service?",
    "评价完全自愿，可直接跳过。": "Rating is voluntary; you may skip it.",
    "非常满意": "Very satisfied",
    "满意": "Satisfied",
    "基本满意": "Fairly satisfied",
    "不满意": "Dissatisfied",
    "非常不满意": "Very dissatisfied",
    "不评价，结束": "Skip and finish",
    "存": "Saved",
    "已保存，网络恢复后自动提交": "Saved: it will be submitted when the network is back",
    "办理成功，已办结": "Done: approved",
    "提交成功，已受理": "Submitted: accepted",
    "本机受理编号": "Local reference",
    "办件号": "Application no.",
    "事项": "Service",
    "状态": "Status",
    "尚未提交：已加密保存在本机，待网络恢复后自动提交（不会重复提交）":
        "Not yet submitted: stored encrypted on this kiosk and submitted once when the network is back",
    "%1（已提交至政务服务平台）": "%1 (submitted to the service platform)",
    "办结日期": "Completed on",
    "承诺办结": "Promised by",
    "请记下本机受理编号。提交成功后，办件号将以短信发送到您的手机；如有疑问，可凭本机受理编号到窗口查询。":
        "Please note the local reference. Once submitted, the application number is sent to your phone by SMS.",
    "证明文件已生成。请记下办件号，可凭办件号在任意自助终端或“办件查询”中查询和打印。":
        "The certificate is ready. With the application number you can print it at any kiosk.",
    "请记下办件号，可在“办件查询”中随时查看办理进度；办结后将短信通知您。":
        "Please note the application number to track progress; you will get an SMS when it is done.",
    "完成，退出": "Done",
    "评价本次服务": "Rate this service",
    "请核对申请信息": "Please check your application",
    "事项：%1": "Service: %1",
    "‹ 返回修改": "‹ Back to edit",
    "重新提交": "Submit again",
    "确认提交": "Submit",
    "不可用": " unavailable",
    "● 事项目录已同步": "● Catalogue up to date",
    "… 正在获取事项目录": "… Loading the catalogue",
    "24小时自助服务 · 服务热线 12345": "24-hour self-service · hotline 12345",
    "正在提交，请稍候…": "Submitting, please wait…",
    "请不要离开，也不要取走证件": "Please stay, and leave your card where it is",
    "技术人员维护": "Technician maintenance",
    "请输入维护 PIN": "Maintenance PIN",
    "确定": "OK",
    "政": "政",
    "标准版": "Standard",
    "大字版": "Large text",
    "实人核验": "Real-person check",
    "该事项需要核验是否本人办理。请阅读说明，同意后开始刷脸。":
        "This service checks that you are the card's holder. Please read this; the face check starts when you agree.",
    "人脸信息处理告知": "How your face is processed",
    "为确认是证件持有人本人办理，本机将通过摄像头采集您的人脸画面，按提示转头，并与证件芯片中的照片比对。":
        "To confirm you are the card's holder, the camera takes pictures of your face while you turn your head "
        "as asked, and compares them with the photo on the card's chip.",
    "人脸画面只在本机内存中处理，不保存、不上传；比对完成后立即删除，只记录核验结果。":
        "The pictures stay in this kiosk's memory only: never stored, never sent; they are deleted as soon as "
        "the comparison is done. Only the result is recorded.",
    "您可以不同意，改用其他方式核验身份，不影响办理。":
        "You may say no and use another way to prove who you are; the service is the same.",
    "请摘下帽子、口罩，正对屏幕上方的摄像头。画面中只能有您一人。":
        "Take off a hat or mask and face the camera above the screen. Only you in the picture, please.",
    "本次核验未通过，您还可以再试 %1 次，或改用其他方式。":
        "This check did not pass. You can try %1 more time(s), or use another way.",
    "不刷脸，用其他方式": "No face check: another way",
    "再试一次": "Try again",
    "同意并开始刷脸": "I agree: start",
    "正在发送验证码……": "Sending the code…",
    "确认": "Confirm",
    "‹ 其他方式": "‹ Other ways",
    "请输入您的姓名和身份证号码": "Please enter your name and ID number",
    "姓名": "Name",
    "公民身份号码": "ID number",
    "手工输入后须进行人脸核验。": "A typed identity is followed by a face check.",
    "‹ 改用证件": "‹ Use a card instead",
    "没有带证件？手工输入": "No card with you? Type it in",
    "正在打印…": "Printing…",
    "重新打印回执": "Print the receipt again",
    "打印回执": "Print the receipt",
    "打印一次性告知单": "Print the checklist",
    "打印证明": "Print the certificate",
    "打印测试页": "Test page",
    "已补纸": "Paper refilled",
    "不打印也可以：生成一个二维码，用您自己的手机扫码下载证明（PDF），10 分钟内有效。": "No paper needed: make a code and scan it with your own phone to download the certificate (PDF); valid for 10 minutes.",
    "手机下载证明": "Download to phone",
    "用手机扫码下载证明": "Scan to download the certificate",
    "请用您自己的手机扫码，%1 前有效，仅可下载几次。请勿让他人拍摄此二维码；关闭后二维码即消失。": "Scan with your own phone; valid until %1 for a few downloads. Do not let others photograph this code; it disappears when you close this page.",
    "已下载，关闭": "Downloaded, close",
    # voice prompts
    "您好，欢迎使用政务服务自助终端。请点击屏幕选择要办理的业务。需要大字版，请点右上角的大字版按钮。":
        "Welcome to the government services kiosk. Touch the screen to choose a service. For large text, "
        "touch the Large text button at the top right.",
    "请选择要办理的事项，也可以在上方搜索框输入事项名称或拼音首字母。": "Choose a service, or search for it in the box above.",
    "这是办事指南，请了解办理条件和所需材料。确认后请点击开始办理。":
        "This is the service guide with its conditions and materials. Touch Start when you are ready.",
    "请将身份证放在读卡区，也可以插入社保卡或出示电子证照二维码。":
        "Place your ID card on the reader, insert your social security card, or show your e-ID code.",
    "请填写申请信息。已自动填写的内容无需修改，标红的内容请修改后再继续。":
        "Please fill in the application. Fields filled for you need no change; correct any field marked in red.",
    "请核对申请信息，确认无误后点击确认提交。": "Please check your application, then touch Submit.",
    "正在提交，请稍候。": "Submitting, please wait.",
    "您的申请已保存，网络恢复后将自动提交。请记下本机受理编号。":
        "Your application is saved and will be submitted when the network is back. Please note the local reference.",
    "提交成功。请记下屏幕上的办件号。": "Submitted. Please note the application number on the screen.",
    "请您对本次服务进行评价。评价完全自愿，也可以直接结束。": "Please rate this service if you wish, or simply finish.",
    "请输入办件号查询办理进度，或将身份证放在读卡区查询您的全部办件。":
        "Enter the application number, or place your ID card on the reader to see all your applications.",
    "也可将身份证放在读卡区，查询您名下的全部办件。": "Or place your ID card on the reader to see all your applications.",
    "‹ 返回列表": "‹ Back to the list",
    "本终端暂停服务，请前往服务大厅窗口办理。": "This kiosk is out of service. Please go to a counter in the service hall.",
    "您还需要更多时间吗？如需继续办理，请点击需要更多时间。": "Do you need more time? Touch More time, please, to continue.",
    # the enterprise step (企业身份核验, 政策通) and 一件事 bundles
    "企业信息已确认。下面列出企业可能符合的惠企政策，可一键申报。":
        "The enterprise is confirmed. Below are the support policies it may be eligible for; apply in one go.",
    "请输入营业执照上的 18 位统一社会信用代码。": "Please enter the 18-character unified social credit code on the business licence.",
    "企业身份核验": "Enterprise identification",
    "统一社会信用代码（18 位，见营业执照）": "Unified social credit code (18 characters, on the business licence)",
    "核验企业": "Check enterprise",
    "须为企业的法定代表人或已授权的经办人。字母 I、O、Z、S、V 不会出现在代码中。":
        "You must be the legal representative or an authorised agent. The letters I, O, Z, S, V never occur in a code.",
    "企业": "Enterprise",
    "（待平台核验后显示）": "(shown once the platform has confirmed it)",
    "信用代码": "Credit code",
    "您的身份": "You are",
    "行业 / 规模": "Industry / size",
    "区域 / 成立": "District / founded",
    "政策通：您的企业可能符合以下惠企政策": "Policy finder: support policies your enterprise may be eligible for",
    "政策通：网络中断，以下政策的条件将由平台核实": "Policy finder: offline — the platform will check these policies' conditions",
    "可享：%1": "Benefit: %1",
    "✓ 符合：%1": "✓ Met: %1",
    "？待核实：%1": "? To be checked: %1",
    "一键申报": "Apply now",
    "申请材料（放在高拍仪下拍摄）": "Materials (photographed on the document camera)",
    "✓ 已拍 %1 页": "✓ %1 page(s) taken",
    "暂缺（容缺受理）": "Supplied later",
    "未拍摄": "Not yet photographed",
    "继续拍摄": "More pages",
    "拍摄": "Photograph",
    "拍摄材料：%1": "Photographing: %1",
    "请把材料正面朝上平放在高拍仪下，四边都在画面内，然后点“拍照”。多页请逐页拍摄。":
        "Lay the page face up under the document camera with all four edges in the picture, then tap “Take picture”. One page at a time.",
    "已拍 %1 页": "%1 page(s) taken",
    "删除最后一页": "Delete last page",
    "正在处理…": "Processing…",
    "拍照": "Take picture",
    "完成": "Done",
    "属于一件事：%1": "Part of one-stop application %1",
    "各事项办理进度：": "Progress of each service:",
    "已自动带出": "Filled in for you",
    "企业开办一件事 · 惠企政策（政策通）": "Starting a business · Support policies (policy finder)",
    "继续办理「%1」": "Continue with “%1”",
    "一件事：一次申请，同时办理以下 %1 个事项": "One-stop: one application handles these %1 services at once",
    "一件事已拆分为 %1 个事项并联办理：": "The one-stop application was split into %1 services handled in parallel:",
    "%1\u3000办件号 %2\u3000承诺 %3": "%1 · No. %2 · due %3",
}


def fill(ts: Path = TS) -> list[str]:
    """Write the English texts into the .ts file; return the source texts that have none."""
    tree = ET.parse(ts)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in EN:
            translation.text = EN[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    missing = fill(Path(sys.argv[1]) if len(sys.argv) > 1 else TS)
    for text in missing:
        print(f"no English for: {text!r}", file=sys.stderr)
    sys.exit(1 if missing else 0)
