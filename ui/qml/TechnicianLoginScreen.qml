import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Technician entry (after a long press on the emblem): a digits-only PIN pad.
ColumnLayout {
    spacing: theme.gap
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: "‹ 返回"; onClicked: kiosk.goHome() }
        ScreenTitle { text: "技术人员维护" }
    }
    TextField {
        id: pin
        objectName: "pinField"
        Layout.alignment: Qt.AlignHCenter
        Layout.preferredWidth: 360
        Layout.preferredHeight: theme.touch
        font.pixelSize: theme.h2
        echoMode: TextInput.Password
        readOnly: true
        horizontalAlignment: Text.AlignHCenter
        placeholderText: "请输入维护 PIN"
    }
    GridLayout {
        Layout.alignment: Qt.AlignHCenter
        columns: 3
        rowSpacing: 10
        columnSpacing: 10
        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "清除", "0", "确定"]
            KButton {
                objectName: "pin_" + modelData
                minWidth: theme.touch * 1.6
                primary: modelData === "确定"
                text: modelData
                onClicked: {
                    if (modelData === "清除") pin.text = ""
                    else if (modelData === "确定") { maintenance.login(pin.text); pin.text = "" }
                    else if (pin.text.length < 12) pin.text += modelData
                }
            }
        }
    }
    MessageBanner { Layout.fillWidth: true }
    Item { Layout.fillHeight: true }
}
