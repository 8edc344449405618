import QtQuick
import QtQuick.Layouts

Rectangle {
    objectName: "statusBar"
    implicitHeight: Math.round(44 * theme.s)
    color: "#dfe7f1"
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 24
        anchors.rightMargin: 24
        spacing: 24
        Repeater {
            model: kiosk.devices
            Text {
                // a symbol and words, not colour alone
                text: (modelData.ready ? "● " : "✕ ") + modelData.name + (modelData.ready ? "" : qsTr("不可用"))
                color: modelData.ready ? theme.ok : theme.danger
                font.pixelSize: theme.small
            }
        }
        Text {
            visible: kiosk.outOfService.reason !== "not_provisioned"     // no platform to fetch it from yet
            text: kiosk.catalogReady ? qsTr("● 事项目录已同步") : qsTr("… 正在获取事项目录")
            color: kiosk.catalogReady ? theme.ok : theme.muted
            font.pixelSize: theme.small
        }
        Text {
            objectName: "submissionsPaused"
            visible: kiosk.submissionsPaused.length > 0
            Layout.fillWidth: true
            elide: Text.ElideRight
            text: "⚠ " + kiosk.submissionsPaused
            color: theme.danger
            font.pixelSize: theme.small
        }
        Item { Layout.fillWidth: true; visible: kiosk.submissionsPaused.length === 0 }
        Text { text: qsTr("24小时自助服务 · 服务热线 12345"); color: theme.muted; font.pixelSize: theme.small }
    }
}
