import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    spacing: theme.gap
    ScreenTitle { text: "请核对申请信息" }
    Text { text: "事项：" + (kiosk.item.title || ""); font.pixelSize: theme.body; color: theme.muted }
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
        KButton { primary: false; text: "‹ 返回修改"; enabled: !kiosk.busy; onClicked: kiosk.back() }
        Item { Layout.fillWidth: true }
        KButton { objectName: "submitButton"; text: kiosk.message ? "重新提交" : "确认提交"; enabled: !kiosk.busy; onClicked: kiosk.submit() }
    }
}
