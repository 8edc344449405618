import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    property string voicePrompt: qsTr("请将身份证放在读卡区，也可以插入社保卡或出示电子证照二维码。")   // spoken when the screen opens
    spacing: theme.gap * 1.5
    ScreenTitle { text: qsTr("请将身份证放在读卡区"); Layout.alignment: Qt.AlignHCenter }
    Text { Layout.alignment: Qt.AlignHCenter; text: qsTr("也可插入社保卡，或出示电子身份证 / 电子社保卡二维码"); font.pixelSize: theme.body; color: theme.text }
    Text { Layout.alignment: Qt.AlignHCenter; text: qsTr("正在办理：%1").arg(kiosk.item.title || ""); font.pixelSize: theme.body; color: theme.muted }
    Item {
        id: scene
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        // the illustration shrinks to the room left (elder mode's larger texts take more of it)
        property real k: Math.max(0.3, Math.min(theme.s, (height - 10) / 340))
        Rectangle {        // the reader and a card above it
            id: reader
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.bottom: parent.bottom
            anchors.bottomMargin: 10
            width: 360 * scene.k; height: 120 * scene.k; radius: 16
            color: "#c9d3de"
            Text { anchors.centerIn: parent; text: qsTr("读卡区"); font.pixelSize: theme.h2; color: theme.muted }
        }
        Rectangle {
            width: 240 * scene.k; height: 150 * scene.k; radius: 12
            color: "#f3f7fb"; border.color: theme.primary; border.width: 3
            anchors.horizontalCenter: reader.horizontalCenter
            y: reader.y - height - 10
            Text { anchors.centerIn: parent; text: qsTr("居民身份证"); font.pixelSize: theme.body; color: theme.primary }
            SequentialAnimation on y {
                loops: Animation.Infinite
                NumberAnimation { from: reader.y - 210 * scene.k; to: reader.y - 160 * scene.k; duration: 900; easing.type: Easing.InOutQuad }
                NumberAnimation { from: reader.y - 160 * scene.k; to: reader.y - 210 * scene.k; duration: 900; easing.type: Easing.InOutQuad }
            }
        }
    }
    Text {
        Layout.alignment: Qt.AlignHCenter
        text: kiosk.readerReady ? qsTr("放稳后请勿移动，读取约需 1 秒") : qsTr("读卡器暂不可用，请联系工作人员")
        font.pixelSize: theme.body
        color: kiosk.readerReady ? theme.text : theme.danger
    }
    MessageBanner { Layout.fillWidth: true }
}
