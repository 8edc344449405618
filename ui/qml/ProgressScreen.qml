import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    spacing: theme.gap
    property var p: kiosk.progress
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: "‹ 返回"; onClicked: kiosk.goHome() }
        ScreenTitle { text: "办件查询" }
    }
    RowLayout {
        spacing: theme.gap
        TextField {
            id: number
            objectName: "progressNumber"
            Layout.fillWidth: true
            Layout.preferredHeight: theme.touch
            font.pixelSize: theme.body
            placeholderText: "请输入办件号，如 ZW20261121000001"
            inputMethodHints: Qt.ImhPreferUppercase
        }
        KButton { objectName: "progressQuery"; text: "查询"; enabled: !kiosk.busy && number.text.length > 0; onClicked: kiosk.queryProgress(number.text) }
    }
    MessageBanner { Layout.fillWidth: true }
    Card {
        visible: !!p.applicationNo
        Layout.fillWidth: true
        Layout.fillHeight: true
        ColumnLayout {
            anchors.fill: parent
            anchors.margins: 24
            spacing: 10
            Text { text: (p.itemName || "") + "（" + (p.applicationNo || "") + "）"; font.pixelSize: theme.h2; font.bold: true; color: theme.text }
            Text { text: "当前状态：" + (p.status || ""); font.pixelSize: theme.body; color: theme.primary }
            Repeater {
                model: p.stages || []
                Text { text: "● " + modelData.at + "  " + modelData.stage + "  " + modelData.note; font.pixelSize: theme.body; color: theme.text }
            }
            Item { Layout.fillHeight: true }
        }
    }
    Item { Layout.fillHeight: true; visible: !p.applicationNo }
}
