import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: identify
    property bool manual: false        // "no card with me": name and number typed
    property string voicePrompt: qsTr("请将身份证放在读卡区，也可以插入社保卡或出示电子证照二维码。")   // spoken when the screen opens
    spacing: theme.gap * 1.5
    ScreenTitle { text: identify.manual ? qsTr("请输入您的姓名和身份证号码") : qsTr("请将身份证放在读卡区"); Layout.alignment: Qt.AlignHCenter }
    Text { visible: !identify.manual; Layout.alignment: Qt.AlignHCenter; text: qsTr("也可插入社保卡，或出示电子身份证 / 电子社保卡二维码"); font.pixelSize: theme.body; color: theme.text }
    Text { Layout.alignment: Qt.AlignHCenter; text: qsTr("正在办理：%1").arg(kiosk.item.title || ""); font.pixelSize: theme.body; color: theme.muted }
    Item {
        id: scene
        visible: !identify.manual
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        // the illustration shrinks to the room left (elder mode's larger texts take more of it), and
        // is left out where it would be too small to read: the title says the same
        property real k: Math.min(theme.s, (height - 10) / 340)
        opacity: k >= 0.6 ? 1 : 0
        Rectangle {        // the reader and a card above it
            id: reader
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.bottom: parent.bottom
            anchors.bottomMargin: 10
            width: 360 * scene.k; height: 120 * scene.k; radius: 16
            color: "#c9d3de"
            Text { anchors.centerIn: parent; text: qsTr("读卡区"); font.pixelSize: Math.round(25 * scene.k); color: theme.muted }
        }
        Rectangle {
            width: 240 * scene.k; height: 150 * scene.k; radius: 12
            color: "#f3f7fb"; border.color: theme.primary; border.width: 3
            anchors.horizontalCenter: reader.horizontalCenter
            y: reader.y - height - 10
            Text { anchors.centerIn: parent; text: qsTr("居民身份证"); font.pixelSize: Math.round(20 * scene.k); color: theme.primary }
            SequentialAnimation on y {
                loops: Animation.Infinite
                NumberAnimation { from: reader.y - 210 * scene.k; to: reader.y - 160 * scene.k; duration: 900; easing.type: Easing.InOutQuad }
                NumberAnimation { from: reader.y - 160 * scene.k; to: reader.y - 210 * scene.k; duration: 900; easing.type: Easing.InOutQuad }
            }
        }
    }
    Text {
        visible: !identify.manual
        Layout.alignment: Qt.AlignHCenter
        text: kiosk.readerReady ? qsTr("放稳后请勿移动，读取约需 1 秒") : qsTr("读卡器暂不可用，请联系工作人员")
        font.pixelSize: theme.body
        color: kiosk.readerReady ? theme.text : theme.danger
    }
    MessageBanner { Layout.fillWidth: true }
    RowLayout {               // manual entry: the name by the pinyin keyboard, the number by the keypad
        visible: identify.manual
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: theme.gap
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: 8
            Text { text: qsTr("姓名"); font.pixelSize: theme.body; font.bold: true; color: theme.text }
            TextField { id: manualName; objectName: "manualName"; maximumLength: 60; Layout.fillWidth: true; Layout.preferredHeight: theme.touch; font.pixelSize: theme.body }
            Text { text: qsTr("公民身份号码"); font.pixelSize: theme.body; font.bold: true; color: theme.text }
            TextField { id: manualNumber; objectName: "manualNumber"; maximumLength: 18; Layout.fillWidth: true; Layout.preferredHeight: theme.touch; font.pixelSize: theme.body; readOnly: true }
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; text: qsTr("手工输入后须进行人脸核验。"); font.pixelSize: theme.small; color: theme.muted }
            KButton {
                objectName: "manualOk"
                text: qsTr("确定")
                enabled: manualName.text.length > 0 && manualNumber.text.length === 18
                onClicked: { Qt.inputMethod.hide(); kiosk.identifyManually(manualName.text, manualNumber.text) }
            }
        }
        KeyPad {
            Layout.alignment: Qt.AlignTop
            Layout.fillHeight: true
            Layout.maximumHeight: implicitHeight
            target: manualNumber
            prefix: "manualPad"
            withX: true
        }
    }
    KButton {
        objectName: "manualToggle"
        Layout.alignment: Qt.AlignHCenter
        primary: false
        text: identify.manual ? qsTr("‹ 改用证件") : qsTr("没有带证件？手工输入")
        onClicked: identify.manual = !identify.manual
    }
}
