import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    property string voicePrompt: qsTr("请输入办件号查询办理进度。")   // spoken when the screen opens
    spacing: theme.gap
    property var p: kiosk.progress
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: qsTr("‹ 返回"); onClicked: kiosk.goHome() }
        ScreenTitle { text: qsTr("办件查询") }
    }
    RowLayout {
        spacing: theme.gap
        TextField {
            id: number
            objectName: "progressNumber"
            Layout.fillWidth: true
            Layout.preferredHeight: theme.touch
            font.pixelSize: theme.body
            placeholderText: qsTr("请输入办件号，如 ZW20261121000001")
            inputMethodHints: Qt.ImhPreferUppercase
        }
        KButton { objectName: "progressQuery"; text: qsTr("查询"); enabled: !kiosk.busy && number.text.length > 0; onClicked: { Qt.inputMethod.hide(); kiosk.queryProgress(number.text) } }
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
            Text { text: qsTr("当前状态：%1").arg(p.status || ""); font.pixelSize: theme.body; color: theme.primary }
            Repeater {
                model: p.stages || []
                Text { text: "● " + modelData.at + "  " + modelData.stage + "  " + modelData.note; font.pixelSize: theme.body; color: theme.text }
            }
            Item { Layout.fillHeight: true }
        }
    }
    Item { Layout.fillHeight: true; visible: !p.applicationNo }
}
