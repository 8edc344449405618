import QtQuick

Rectangle {
    color: theme.card
    radius: 14
    border.color: theme.line
    border.width: 1
}
