import QtQuick
import QtQuick.Layouts

// Out of service (暂停服务), with the reason in words. A technician still reaches maintenance by a
// long press on the emblem; nothing here can start a person's session.
ColumnLayout {
    property var oos: kiosk.outOfService
    property bool starting: oos.reason === "starting"     // the seconds after a start: not a fault, no alarm
    // spoken when the screen opens
    property string voicePrompt: starting ? "" : qsTr("本终端暂停服务，请前往服务大厅窗口办理。")
    spacing: theme.gap * 1.5
    Item { Layout.fillHeight: true }
    Text {
        Layout.alignment: Qt.AlignHCenter
        visible: !starting
        text: "⚠"
        font.pixelSize: theme.h1 * 2.5
        color: theme.danger
    }
    ScreenTitle {
        objectName: "outOfServiceTitle"
        Layout.alignment: Qt.AlignHCenter
        text: starting ? qsTr("正在准备，请稍候") : qsTr("本终端暂停服务")
    }
    Text {
        objectName: "outOfServiceReason"
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        font.pixelSize: theme.h2
        color: theme.text
        text: {
            switch (oos.reason) {
            case "hardware": return qsTr("设备故障：%1。工作人员正在处理。").arg((oos.devices || []).join("、"))
            case "consumables": return qsTr("打印纸已用完或卡纸：%1。工作人员正在处理。").arg((oos.devices || []).join("、"))
            case "backend": return qsTr("暂时无法连接政务服务平台。")
            case "hours": return qsTr("本终端服务时间为每天 %1。").arg(oos.hours)
            case "maintenance": return qsTr("设备维护中，请稍候。")
            case "revoked": return qsTr("本终端已被平台停用，请联系工作人员。")
            case "starting": return qsTr("正在连接政务服务平台，马上就好。")
            case "not_provisioned": return qsTr("本终端尚未配置，请技术人员配置后使用。")
            default: return ""
            }
        }
    }
    Text {
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        visible: kiosk.message.length > 0
        font.pixelSize: theme.body
        color: theme.muted
        text: kiosk.message
    }
    Text {
        Layout.fillWidth: true
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        font.pixelSize: theme.body
        color: theme.muted
        visible: !starting
        text: qsTr("您可以前往服务大厅窗口办理，或拨打 12345 政务服务便民热线咨询。")
    }
    Item { Layout.fillHeight: true }
}
