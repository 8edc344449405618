import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 办事指南: every standardized field of the item.
ColumnLayout {
    spacing: theme.gap
    property var it: kiosk.item
    ScreenTitle { text: it.title || ""; Layout.fillWidth: true }
    Text { text: (it.departmentTitle || "") + " · 事项编码 " + (it.code || ""); font.pixelSize: theme.small; color: theme.muted }
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
                Section { heading: "办理条件"; lines: it.conditions || [] }
                Section {
                    heading: "申请材料"
                    lines: (it.materials || []).map(function (m) {
                        return m.name + "（" + m.form + " " + m.copies + " 份）" + (m.deferrable ? "【可容缺，" + m.defer_days + " 个工作日内补交】" : "") + (m.note ? " — " + m.note : "")
                    })
                }
                Section { heading: "设定依据"; lines: it.legal_basis || [] }
                Section {
                    heading: "办理时限"
                    lines: ["法定时限：" + it.time_limit_legal_days + " 个工作日", "承诺时限：" + (it.time_limit_promised_days === 0 ? "即办" : it.time_limit_promised_days + " 个工作日")]
                }
                Section { heading: "办理流程"; lines: (it.procedure || []).map(function (p, i) { return (i + 1) + ". " + p }) }
                Section { heading: "收费标准"; lines: [it.fees || ""] }
                Section { heading: "身份核验"; lines: [it.verification === "face" ? "刷身份证 + 人脸识别（实名 + 实人）" : "刷身份证（实名）"] }
            }
        }
    }
    MessageBanner { Layout.fillWidth: true }
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: "‹ 返回"; onClicked: kiosk.back() }
        Item { Layout.fillWidth: true }
        KButton { objectName: "startButton"; text: "开始办理"; onClicked: kiosk.startService() }
    }
}
