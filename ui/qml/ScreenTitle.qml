import QtQuick

Text {
    color: theme.text
    font.pixelSize: theme.h1
    font.bold: true
    wrapMode: Text.Wrap
}
