import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 实人核验. The camera pipeline (liveness + 1:1 comparison) comes with the issue "Real-person
// verification"; until then this screen says so honestly and offers the staffed window.
ColumnLayout {
    property string voicePrompt: qsTr("该事项需要核验是否本人办理。")   // spoken when the screen opens
    spacing: theme.gap * 1.5
    ScreenTitle { text: qsTr("实人核验") }
    Card {
        Layout.fillWidth: true
        Layout.preferredHeight: info.implicitHeight + 48
        ColumnLayout {
            id: info
            anchors.fill: parent
            anchors.margins: 24
            spacing: 12
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                   text: qsTr("该事项需要核验您是否为证件持有人本人（刷脸）。人脸信息仅在本机比对，核验完成后立即删除。") }
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.danger
                   text: qsTr("本终端暂未开通人脸核验。您可以到人工窗口办理，工作人员将核验您的身份。") }
        }
    }
    MessageBanner { Layout.fillWidth: true }
    Item { Layout.fillHeight: true }
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: qsTr("到人工窗口办理（结束）"); onClicked: kiosk.finish() }
        Item { Layout.fillWidth: true }
        KButton {
            objectName: "skipVerification"
            visible: kiosk.allowSkipVerification
            text: qsTr("演示：跳过核验")
            onClicked: kiosk.skipVerification()
        }
    }
}
