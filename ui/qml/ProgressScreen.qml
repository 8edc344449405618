import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 办件查询: by number (typed, or a receipt's code scanned) or by the card presented here (all of the
// person's applications). Nothing of the person is kept after leaving this screen.
ColumnLayout {
    property string voicePrompt: qsTr("请输入办件号查询办理进度，或将身份证放在读卡区查询您的全部办件。")   // spoken when the screen opens
    spacing: theme.gap
    property var p: tracking.shown
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
            maximumLength: 20
            Layout.fillWidth: true
            Layout.preferredHeight: theme.touch
            font.pixelSize: theme.body
            placeholderText: qsTr("请输入办件号，如 ZW20261121000001")
            inputMethodHints: Qt.ImhPreferUppercase
        }
        KButton { objectName: "progressQuery"; text: qsTr("查询"); enabled: !tracking.busy && number.text.length > 0; onClicked: { Qt.inputMethod.hide(); tracking.query(number.text) } }
    }
    Text {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: qsTr("也可将身份证放在读卡区，查询您名下的全部办件。")
        font.pixelSize: theme.small
        color: theme.muted
    }
    MessageBanner { Layout.fillWidth: true; text: tracking.message }
    ListView {        // several applications found by identity: choose one
        objectName: "progressFound"
        visible: tracking.found.length > 1 && !p.applicationNo
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 10
        model: tracking.found
        delegate: Card {
            objectName: "found_" + index
            width: ListView.view.width
            height: Math.round(84 * theme.s)
            color: tap.pressed ? "#dbe6f3" : theme.card
            RowLayout {
                anchors.fill: parent
                anchors.margins: 16
                Text { Layout.fillWidth: true; wrapMode: Text.Wrap; text: qsTr("%1（%2）").arg(modelData.itemName).arg(modelData.applicationNo); font.pixelSize: theme.body; color: theme.text }
                Text { text: modelData.status; font.pixelSize: theme.body; color: theme.primary }
                Text { text: "›"; font.pixelSize: theme.h1; color: theme.primary }
            }
            TapHandler { id: tap; longPressThreshold: 0; onTapped: tracking.show(index) }   // a slow press is a tap (no long press here)
        }
    }
    Card {
        visible: !!p.applicationNo
        Layout.fillWidth: true
        Layout.fillHeight: true
        ColumnLayout {
            anchors.fill: parent
            anchors.margins: 24
            spacing: 10
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; text: qsTr("%1（%2）").arg(p.itemName || "").arg(p.applicationNo || ""); font.pixelSize: theme.h2; font.bold: true; color: theme.text }
            Text { text: qsTr("当前状态：%1").arg(p.status || ""); font.pixelSize: theme.body; color: theme.primary }
            Repeater {
                model: p.stages || []
                Text { Layout.fillWidth: true; wrapMode: Text.Wrap; text: "● " + modelData.at + "  " + modelData.stage + "  " + modelData.note; font.pixelSize: theme.body; color: theme.text }
            }
            Text { visible: !!p.bundleNo; text: qsTr("属于一件事：%1").arg(p.bundleNo || ""); font.pixelSize: theme.body; color: theme.muted }
            Text { visible: (p.members || []).length > 0; text: qsTr("各事项办理进度："); font.pixelSize: theme.body; font.bold: true; color: theme.text }
            Repeater {
                objectName: "memberProgress"
                model: p.members || []
                Text {
                    Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.small; color: theme.text
                    text: "▸ " + qsTr("%1（%2）").arg(modelData.itemName).arg(modelData.applicationNo) + "  " + modelData.status
                }
            }
            Item { Layout.fillHeight: true }
            KButton {
                visible: tracking.found.length > 1
                primary: false
                text: qsTr("‹ 返回列表")
                onClicked: tracking.show(-1)
            }
        }
    }
    Item { Layout.fillHeight: true; visible: !p.applicationNo && tracking.found.length <= 1 }
}
