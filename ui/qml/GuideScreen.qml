import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 办事指南: every standardized field of the item.
ColumnLayout {
    property string voicePrompt: qsTr("这是办事指南，请了解办理条件和所需材料。确认后请点击开始办理。")   // spoken when the screen opens
    spacing: theme.gap
    property var it: kiosk.item
    // the catalog's 原件 / 复印件 / 电子 is a fixed vocabulary: translated here
    readonly property var materialForms: ({ "原件": qsTr("原件"), "复印件": qsTr("复印件"), "电子": qsTr("电子") })
    ScreenTitle { text: it.title || ""; Layout.fillWidth: true }
    Text { text: qsTr("%1 · 事项编码 %2").arg(it.departmentTitle || "").arg(it.code || ""); font.pixelSize: theme.small; color: theme.muted }
    Card {
        Layout.fillWidth: true
        Layout.fillHeight: true
        Flickable {
            id: flick
            anchors.fill: parent
            anchors.margins: 20
            contentHeight: body.implicitHeight
            clip: true
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AlwaysOn; width: 16 }
            ColumnLayout {
                id: body
                width: flick.width - 28
                spacing: 14
                component Section: ColumnLayout {
                    property string heading
                    property var lines: []
                    spacing: 4
                    Layout.fillWidth: true
                    Text { text: heading; font.pixelSize: theme.h2; font.bold: true; color: theme.primary }
                    Repeater {
                        model: lines
                        Text { Layout.fillWidth: true; text: "• " + modelData; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text }
                    }
                }
                Text { Layout.fillWidth: true; text: it.summary || ""; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text }
                Section {
                    objectName: "bundleMembers"
                    visible: (it.memberNames || []).length > 0
                    heading: qsTr("一件事：一次申请，同时办理以下 %1 个事项").arg((it.memberNames || []).length)
                    lines: it.memberNames || []
                }
                Section { heading: qsTr("办理条件"); lines: it.conditions || [] }
                Section {
                    heading: qsTr("申请材料")
                    lines: (it.materials || []).map(function (m) {
                        return qsTr("%1（%2 %3 份）").arg(m.name).arg(materialForms[m.form] || m.form).arg(m.copies) + (m.deferrable ? qsTr("【可容缺，%1 个工作日内补交】").arg(m.defer_days) : "") + (m.note ? " — " + m.note : "")
                    })
                }
                Section { heading: qsTr("设定依据"); lines: it.legal_basis || [] }
                Section {
                    heading: qsTr("办理时限")
                    lines: [qsTr("法定时限：%1 个工作日").arg(it.time_limit_legal_days), it.time_limit_promised_days === 0 ? qsTr("承诺时限：即办") : qsTr("承诺时限：%1 个工作日").arg(it.time_limit_promised_days)]
                }
                Section { heading: qsTr("办理流程"); lines: (it.procedure || []).map(function (p, i) { return (i + 1) + ". " + p }) }
                Section { heading: qsTr("收费标准"); lines: [it.fees || ""] }
                Section { heading: qsTr("身份核验"); lines: [it.verification === "face" ? qsTr("刷身份证 + 人脸识别（实名 + 实人）") : qsTr("刷身份证（实名）")] }
            }
        }
    }
    MessageBanner { Layout.fillWidth: true }
    MessageBanner { objectName: "printMessage"; Layout.fillWidth: true; text: printing.message; good: printing.ok }
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: qsTr("‹ 返回"); onClicked: kiosk.back() }
        Item { Layout.fillWidth: true }
        KButton {
            objectName: "printChecklist"
            visible: printing.available
            primary: false
            enabled: !printing.busy
            text: printing.busy ? qsTr("正在打印…") : qsTr("打印一次性告知单")
            onClicked: printing.checklist()
        }
        KButton { objectName: "startButton"; text: qsTr("开始办理"); onClicked: kiosk.startService() }
    }
}
