import QtQuick
import QtQuick.Layouts

// Errors and notices: an icon and words on a tinted band.
Rectangle {
    property string text: kiosk.message
    property bool good: false            // a success notice instead of an error (the symbol changes too)
    visible: text.length > 0
    implicitHeight: visible ? row.implicitHeight + 24 : 0
    radius: 10
    color: good ? "#e3f1e6" : "#fde8e6"
    border.color: good ? theme.ok : theme.danger
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 12
        spacing: 12
        Text { text: good ? "✓" : "⚠"; color: good ? theme.ok : theme.danger; font.pixelSize: theme.h2 }
        Text { Layout.fillWidth: true; text: parent.parent.text; color: good ? theme.ok : theme.danger; font.pixelSize: theme.body; wrapMode: Text.Wrap }
    }
}
