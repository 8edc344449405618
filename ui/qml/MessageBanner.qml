import QtQuick
import QtQuick.Layouts

// Errors and notices: an icon and words on a tinted band.
Rectangle {
    property string text: kiosk.message
    visible: text.length > 0
    implicitHeight: visible ? row.implicitHeight + 24 : 0
    radius: 10
    color: "#fde8e6"
    border.color: theme.danger
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 12
        spacing: 12
        Text { text: "⚠"; color: theme.danger; font.pixelSize: theme.h2 }
        Text { Layout.fillWidth: true; text: parent.parent.text; color: theme.danger; font.pixelSize: theme.body; wrapMode: Text.Wrap }
    }
}
