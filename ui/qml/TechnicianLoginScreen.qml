import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Technician entry (after a long press on the emblem): a digits-only PIN pad.
ColumnLayout {
    spacing: theme.gap
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: qsTr("‹ 返回"); onClicked: kiosk.goHome() }
        ScreenTitle { text: qsTr("技术人员维护") }
    }
    TextField {
        id: pin
        objectName: "pinField"
        maximumLength: 12
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: 360
        Layout.preferredHeight: theme.touch
        font.pixelSize: theme.h2
        echoMode: TextInput.Password
        readOnly: true
        horizontalAlignment: Text.AlignHCenter
        placeholderText: qsTr("请输入维护 PIN")
    }
    RowLayout {
        Layout.alignment: Qt.AlignHCenter
        Layout.fillHeight: true
        spacing: theme.gap
        KeyPad {
            Layout.fillHeight: true
            Layout.maximumHeight: implicitHeight
            target: pin
            prefix: "pin"
            maxLength: 12
        }
        KButton {
            objectName: "pin_ok"
            Layout.alignment: Qt.AlignBottom
            text: qsTr("确定")
            onClicked: { maintenance.login(pin.text); pin.text = "" }
        }
    }
    MessageBanner { Layout.fillWidth: true }
}
