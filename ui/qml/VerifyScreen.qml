import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 实人核验. The camera pipeline (liveness + 1:1 comparison) comes with the issue "Real-person
// verification"; until then this screen says so honestly and offers the staffed window.
ColumnLayout {
    spacing: theme.gap * 1.5
    ScreenTitle { text: "实人核验" }
    Card {
        Layout.fillWidth: true
        Layout.preferredHeight: info.implicitHeight + 48
        ColumnLayout {
            id: info
            anchors.fill: parent
            anchors.margins: 24
            spacing: 12
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                   text: "该事项需要核验您是否为证件持有人本人（刷脸）。人脸信息仅在本机比对，核验完成后立即删除。" }
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.danger
                   text: "本终端暂未开通人脸核验。您可以到人工窗口办理，工作人员将核验您的身份。" }
        }
    }
    MessageBanner { Layout.fillWidth: true }
    Item { Layout.fillHeight: true }
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: "到人工窗口办理（结束）"; onClicked: kiosk.finish() }
        Item { Layout.fillWidth: true }
        KButton {
            objectName: "skipVerification"
            visible: kiosk.allowSkipVerification
            text: "演示：跳过核验"
            onClicked: kiosk.skipVerification()
        }
    }
}
