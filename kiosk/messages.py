"""Human messages for every error and status code the core hands to the screen: (Chinese, English).

Codes flow through the layers; words are chosen only here, at the edge.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "platform_unreachable": ("暂时无法连接政务服务平台，您填写的内容已保留，请稍后重试。",
                             "The service platform cannot be reached. Your entries are kept; please try again."),
    "platform_server_error": ("政务服务平台暂时繁忙，您填写的内容已保留，请稍后重试。",
                              "The service platform is busy. Your entries are kept; please try again."),
    "platform_protocol_error": ("平台返回了无法识别的数据，请稍后重试或联系工作人员。",
                                "The platform answered something unexpected. Please retry or ask staff."),
    "platform_rejected": ("平台未受理该申请，请核对信息或到窗口咨询。",
                          "The platform did not accept the application. Please check it or ask at a counter."),
    "platform_not_enrolled": ("本终端尚未注册，暂停服务，请联系工作人员。",
                              "This kiosk is not enrolled; please ask staff."),
    "platform_error": ("与平台通信失败，请稍后重试。", "Talking to the platform failed; please try again."),
    "catalog_unavailable": ("暂时无法获取事项目录，请稍后再试。", "The service catalogue is not available yet."),
    "identity_expired": ("证件已过有效期，请使用有效证件。", "This document has expired; please use a valid one."),
    "identity_bad_number": ("证件号码校验未通过，请更换证件或到窗口办理。",
                            "The document number failed its check; please use another document or a counter."),
    "qr_invalid": ("二维码已失效，请在手机上刷新后重新扫码。", "The code has expired; refresh it on the phone and scan again."),
    "identity_name_missing": ("请输入姓名。", "Please enter the name."),
    "identity_name_invalid": ("姓名过长或含有无法识别的字符，请核对后重新输入。",
                              "The name is too long or holds characters that cannot be used; please check it."),
    "identity_unsupported": ("暂不支持该类证件办理此事项。", "This document type cannot be used for this service."),
    "verify_failed": ("身份核验未通过，请重试或选择其他核验方式。", "Verification failed; retry or choose another way."),
    "form_invalid": ("请先修改标红的内容。", "Please correct the highlighted fields."),
    "already_evaluated": ("您已评价过该办件。", "You have already rated this application."),
    "offline_queue_full": ("网络中断时间较长，本机待提交业务已满，暂停受理新申请。可查询办事指南，或到窗口办理。",
                           "The kiosk has been offline too long and its queue is full: new applications are paused."),
    "offline_too_long": ("本机已较长时间无法连接政务服务平台，暂停受理新申请。可查询办事指南，或到窗口办理。",
                         "The kiosk has been offline too long: new applications are paused."),
    "offline_disk_low": ("本机存储空间不足，暂停受理新申请，请联系工作人员。",
                         "The kiosk is low on storage: new applications are paused; please ask staff."),
    "store_full": ("本机存储空间已满，暂停受理新申请，请联系工作人员。",
                   "The kiosk's storage is full: new applications are paused; please ask staff."),
    "store_corrupt": ("本机数据存储故障，暂停受理新申请，请联系工作人员。",
                      "The kiosk's local store is damaged: new applications are paused; please ask staff."),
    "store_error": ("本机数据存储故障，暂停受理新申请，请联系工作人员。",
                    "The kiosk's local store failed: new applications are paused; please ask staff."),
    "card_removed": ("社保卡已取出，本次办理已结束，您的信息已清除。",
                     "The card was taken out: the session ended and your information was cleared."),
    "progress_not_found": ("未查询到该办件号，请核对后重试。", "No application with this number; please check it."),
    "progress_none_for_identity": ("未查询到您名下的办件。", "No applications were found for you."),
    "progress_needs_card": ("按身份查询办件需要读取您的证件，请放置身份证或插入社保卡，或输入办件号查询。",
                            "Looking up by person needs your card on the reader; or enter an application number."),
    "platform_device_revoked": ("本终端已被平台停用，暂停服务，请联系工作人员。",
                                "This kiosk was disabled by the platform and is out of service; please ask staff."),
    "platform_auth_failed": ("本终端暂时无法向平台证明身份，请稍后再试或联系工作人员。",
                             "The kiosk cannot prove its identity to the platform just now; please try later or ask staff."),
    "platform_busy": ("请求过于频繁，请稍后再试。", "Too many requests just now; please try again later."),
    "grant_required": ("需要先核验您的身份，才能查看您的信息。", "Your identity must be verified here before your data is shown."),
    "print_done": ("已打印，请取走打印件。", "Printed: please take your document."),
    "print_paper_out": ("打印机缺纸，未能打印，也不会稍后自动打出。您可以拍下屏幕内容留存，或到窗口领取；补纸后可重新打印。",
                        "The printer is out of paper: nothing was printed, and nothing will come out later. Take a "
                        "photo of the screen or collect it at a counter; reprint once paper is refilled."),
    "print_jammed": ("打印机卡纸，未能打印。您可以拍下屏幕内容留存，或到窗口领取。",
                     "The printer is jammed: nothing was printed. Take a photo of the screen or collect it at a counter."),
    "print_failed": ("打印失败。您可以拍下屏幕内容留存，或到窗口领取。",
                     "Printing failed. Take a photo of the screen or collect it at a counter."),
    "print_unavailable": ("打印机暂不可用。您可以拍下屏幕内容留存，或到窗口领取。",
                          "The printer is not available. Take a photo of the screen or collect it at a counter."),
    "print_needs_a4": ("本机只能打印凭条，证明文件请凭办件号在其他自助终端或窗口打印。",
                       "This kiosk prints receipts only: print the certificate at another kiosk or a counter "
                       "with the application number."),
    "print_resumed": ("已记录补纸，打印队列已恢复。", "Refill recorded; the print queue runs again."),
    "print_refilled": ("已记录补纸，纸量重新计数。", "Refill recorded: the paper count starts again."),
    "pickup_failed": ("暂时无法生成下载二维码。请记下办件号，到窗口或其他终端领取证明。",
                      "The download code cannot be made now. Note the application number and collect the "
                      "certificate at a counter or another kiosk."),
    "print_done_other": ("原打印机暂不可用，已改用本机另一台打印机打印，请从另一个出纸口取走。",
                         "The usual printer cannot print now: it came out of this kiosk's other printer — take it "
                         "from the other slot."),
    "print_slow": ("打印超时，已取消，不会稍后打出。如未完整打出，可重新打印或到窗口领取。",
                   "Printing took too long and was cancelled: nothing will come out later. If the document "
                   "is incomplete, reprint it or collect it at a counter."),
    # real-person check: prompts (kiosk.verification.pipeline.Prompt), outcomes, the non-face ways
    "face_look": ("请正对摄像头，保持面部在框内。", "Look straight at the camera, your face inside the frame."),
    "face_many": ("画面中只能有一人，请其他人稍稍离开。", "Only one person in the picture, please."),
    "face_turn_left": ("请慢慢向左转头。", "Slowly turn your head to your left."),
    "face_blink": ("请看着屏幕，眨一眨眼。", "Look at the screen and blink."),
    "face_turn_right": ("请慢慢向右转头。", "Slowly turn your head to your right."),
    "face_open_mouth": ("请张一张嘴。", "Open your mouth wide, then close it."),
    "face_too_dark": ("光线太暗，请面向屏幕站好，不要背对窗户或灯光。",
                      "It is too dark: face the screen, not with a window or lamp behind you."),
    "face_come_closer": ("请再靠近一些，让面部充满框内。", "Please come a little closer, your face filling the frame."),
    "face_card_many_faces": ("证件照片中不止一人，无法比对。", "The card photo shows more than one face: it cannot be compared."),
    "face_done": ("正在比对，请稍候……", "Comparing, please wait…"),
    "face_passed": ("核验通过。", "Verified."),
    "face_not_same_person": ("人脸与证件照片不一致。", "The face does not match the card photo."),
    "face_timeout": ("未在规定时间内完成动作。请摘下帽子或墨镜，正对屏幕，听到提示后再做动作。",
                     "The movement was not completed in time. Take off a hat or sunglasses, face the screen and "
                     "move when you are asked."),
    "face_frames_out_of_order": ("摄像头画面异常，请稍后重试或选择其他方式。",
                                 "The camera picture was not right: try again, or choose another way."),
    "face_face_lost": ("未检测到人脸，请保持面部在框内。", "The face was lost; keep it inside the frame."),
    "face_face_jumped": ("检测到换人，请本人完成核验。", "Another face appeared; the card holder must do the check."),
    "face_no_good_frame": ("未采集到清晰的正脸，请正对摄像头。", "No clear frontal picture; look straight at the camera."),
    "face_no_card_face": ("证件照片无法用于比对。", "The card photo cannot be used for comparison."),
    "face_why_declined": ("您选择了不刷脸。可以用以下方式核验身份：", "You chose not to use the face check. Other ways:"),
    "face_why_no_card_photo": ("本机无法读取证件照片，无法刷脸核验。可以用以下方式：",
                               "This kiosk cannot read the card photo for a face check. Other ways:"),
    "face_why_face_unavailable": ("本机暂时无法刷脸核验（摄像头或核验组件不可用）。可以用以下方式：",
                                  "The face check is not available on this kiosk right now. Other ways:"),
    "face_why_attempts_used": ("多次核验未通过。可以用以下方式核验身份：", "The face check failed several times. Other ways:"),
    "fallback_sms": ("短信验证码：发送到您在平台预留的手机号码", "SMS code to the mobile number on record"),
    "fallback_staff": ("到人工窗口办理：工作人员核验身份", "A staffed counter: staff verify your identity"),
    "fallback_staff_go": ("请携带证件到人工窗口办理。本次自助办理已结束，您的信息已清除。",
                          "Please take your ID to a staffed counter. This session ended and your data was cleared."),
    "sms_sent": ("验证码已发送至 %s，请输入短信中的6位数字。", "A code was sent to %s: enter its 6 digits."),
    "scan_no_page": ("没有找到完整的纸张，请把材料平放在拍摄区内，四边都露出来。",
                     "No whole page found: lay the page flat inside the area with all four edges visible."),
    "scan_blurred": ("照片不够清晰，请不要移动材料，稍候再拍。", "The picture is blurred: keep the page still and try again."),
    "scan_too_dark": ("光线太暗，请打开高拍仪补光灯后再拍。", "Too dark: switch on the document camera's light."),
    "scan_no_camera": ("高拍仪暂时无法使用，可勾选“暂缺”容缺受理或到窗口提交材料。",
                       "The document camera is unavailable: mark the material as supplied later, or hand it in at a counter."),
    "scan_page_added": ("已拍好第 {n} 页。还有下一页请放好后再点“拍照”，拍完请点“完成”。",
                        "Page {n} taken. Place the next page and tap “Take picture”, or tap “Done”."),
    "enterprise_bad_uscc": ("统一社会信用代码有误（校验位不符），请核对营业执照上的 18 位代码。",
                            "This is not a valid unified social credit code; check the 18 characters on the licence."),
    "enterprise_unknown": ("登记系统中没有该代码的企业，请核对后重试或到窗口办理。",
                           "The register holds no enterprise with this code; check it or ask at a counter."),
    "enterprise_not_linked": ("您不是该企业的法定代表人或已授权的经办人，不能代表该企业办理。请由法定代表人办理或先完成经办人授权。",
                              "You are neither the legal representative nor an authorised agent of this enterprise."),
    "enterprise_unconfirmed": ("网络暂时中断：已按代码校验通过，您与企业的关联将在提交时由平台核验，结果以短信告知。",
                               "Offline: the code is well-formed; the platform will confirm your link to the enterprise "
                               "when the application is delivered."),
    "sms_no_mobile": ("平台没有您预留的手机号码，无法短信核验，请到人工窗口办理。",
                      "No mobile number is on record for you: please go to a staffed counter."),
    "sms_wrong": ("验证码不正确，请核对短信后重新输入。", "Wrong code: check the message and enter it again."),
    "sms_no_attempts": ("验证码多次输入错误，请到人工窗口办理。", "Too many wrong codes: please go to a staffed counter."),
    "sms_expired": ("验证码已失效，请重新获取。", "The code has expired: ask for a new one."),
    "reader_unavailable": ("身份证读卡器暂不可用，请联系工作人员。", "The ID card reader is not available; please ask staff."),
}

FIELD_ERRORS: dict[str, tuple[str, str]] = {
    "required": ("此项必填", "required"),
    "too_long": ("内容过长", "too long"),
    "bad_id_number": ("身份证号码有误（校验位不符）", "invalid ID number (check digit)"),
    "bad_mobile": ("请输入11位手机号码", "enter an 11-digit mobile number"),
    "bad_uscc": ("统一社会信用代码有误（校验位不符）", "invalid unified social credit code"),
    "bad_date": ("日期格式应为 2026-01-31", "date format: 2026-01-31"),
    "bad_number": ("请输入数字", "enter a number"),
    "not_an_option": ("请从选项中选择", "choose one of the options"),
    "unknown_field": ("未知字段", "unknown field"),
}


STATUS_TEXT: dict[str, tuple[str, str]] = {
    "accepted": ("已受理", "Accepted"), "in_review": ("审核中", "In review"),
    "approved": ("已办结", "Completed"), "rejected": ("不予办理", "Refused"),
}

DEVICE_NAMES: dict[str, tuple[str, str]] = {
    "idcard": ("身份证读卡器", "ID card reader"), "sscard": ("社保卡读卡器", "Social security card reader"),
    "qrscanner": ("扫码器", "QR scanner"), "a4printer": ("打印机", "Printer"),
    "receiptprinter": ("凭条打印机", "Receipt printer"), "camera": ("摄像头", "Camera"),
    "doccamera": ("高拍仪", "Document camera"), "voice": ("语音播报", "Voice guidance"),
}

ENTERPRISE_ROLE: dict[str, tuple[str, str]] = {
    "legal_representative": ("法定代表人", "Legal representative"), "agent": ("授权经办人", "Authorised agent"),
    "unconfirmed": ("待平台核验（网络恢复后核验）", "To be confirmed by the platform"),
}
SCANNED_MATERIAL = ("提交材料", "Material handed over")
SCANNED_PAGES = ("{name}（高拍仪拍摄 {n} 页）", "{name} ({n} page(s) photographed)")
DEFERRED_MATERIAL = ("容缺材料", "Material to supply later")
DEFERRED_DEADLINE = ("{name}（{days}个工作日内补交）", "{name} (within {days} working days)")


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang.startswith("en") else pair[0]


def message(code: str, lang: str = "zh_CN") -> str:
    zh, en = MESSAGES.get(code, MESSAGES["platform_error"] if code.startswith("platform") else (code, code))
    return en if lang.startswith("en") else zh


def field_error(code: str, lang: str = "zh_CN") -> str:
    zh, en = FIELD_ERRORS.get(code, (code, code))
    return en if lang.startswith("en") else zh
