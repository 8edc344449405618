import QtQuick
import QtQuick.Controls

// A touch button: at least 72 × 72 px (100 in elder mode), text always on it (colour is never the only cue).
Button {
    id: b
    property bool primary: true
    property real minWidth: theme.touch * 2.4
    implicitHeight: theme.touch
    implicitWidth: Math.max(minWidth, label.implicitWidth + 48)
    font.pixelSize: theme.body
    focusPolicy: Qt.NoFocus      // a tap must not take the focus (and the keypad) from the field being filled
    contentItem: Text {
        id: label
        text: b.text
        font.pixelSize: b.font.pixelSize
        font.bold: b.primary
        color: !b.enabled ? "#ffffff" : (b.primary ? "#ffffff" : theme.primary)
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: 12
        color: !b.enabled ? "#7d8894" : b.primary ? (b.down ? theme.primaryDark : theme.primary) : (b.down ? "#dbe6f3" : "#ffffff")
        border.color: b.enabled ? theme.primary : "#7d8894"
        border.width: 2
    }
}
