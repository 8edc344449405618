import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    property string voicePrompt: qsTr("请核对申请信息，确认无误后点击确认提交。")   // spoken when the screen opens
    spacing: theme.gap
    ScreenTitle { text: qsTr("请核对申请信息") }
    Text { text: qsTr("事项：%1").arg(kiosk.item.title || ""); font.pixelSize: theme.body; color: theme.muted }
    Card {
        Layout.fillWidth: true
        Layout.fillHeight: true
        ListView {
            anchors.fill: parent
            anchors.margins: 20
            clip: true
            model: kiosk.reviewRows
            spacing: 10
            delegate: RowLayout {
                width: ListView.view.width
                Text { Layout.preferredWidth: 300 * theme.s; text: modelData.label; font.pixelSize: theme.body; color: theme.muted; wrapMode: Text.Wrap }
                Text { Layout.fillWidth: true; text: modelData.value; font.pixelSize: theme.body; color: theme.text; wrapMode: Text.Wrap }
            }
        }
    }
    MessageBanner { Layout.fillWidth: true }
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: qsTr("‹ 返回修改"); enabled: !kiosk.busy; onClicked: kiosk.back() }
        Item { Layout.fillWidth: true }
        KButton { objectName: "submitButton"; text: kiosk.message ? qsTr("重新提交") : qsTr("确认提交"); enabled: !kiosk.busy; onClicked: kiosk.submit() }
    }
}
