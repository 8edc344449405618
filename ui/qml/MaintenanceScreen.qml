import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Maintenance: the outbox (what waits, what a technician must look at) and the devices.
ColumnLayout {
    spacing: theme.gap
    property var m: maintenance.data
    function age(minutes) {
        if (minutes === undefined || minutes < 0)
            return "—"
        return minutes >= 60 ? qsTr("%1 小时 %2 分").arg(Math.floor(minutes / 60)).arg(minutes % 60)
                             : qsTr("%1 分钟").arg(minutes)
    }
    // The platform's words for a work order, in this screen's language
    function faultName(fault) {
        var names = { "a4printer": qsTr("A4打印机"), "receiptprinter": qsTr("凭条打印机"), "idcard": qsTr("身份证读卡器"),
                      "sscard": qsTr("社保卡读卡器"), "qrscanner": qsTr("扫码器"), "camera": qsTr("摄像头"),
                      "doccamera": qsTr("高拍仪"), "kiosk": qsTr("终端"), "network": qsTr("网络"), "queue": qsTr("待上传申请"),
                      "clock": qsTr("终端时钟") }
        return names[fault] || fault
    }
    function codeName(code) {
        var names = { "MEDIA_LOW": qsTr("纸将尽"), "MEDIA_EMPTY": qsTr("缺纸"), "MEDIA_JAMMED": qsTr("卡纸"),
                      "NOT_RESPONDING": qsTr("无响应"), "HARDWARE_ERROR": qsTr("故障"), "CRASH_LOOP": qsTr("软件反复崩溃"),
                      "DISPLAY_FAILED": qsTr("显示故障"), "OFFLINE": qsTr("离线"), "QUEUE_STUCK": qsTr("申请积压未上传"),
                      "PARKED": qsTr("有申请需人工处理"), "CLOCK_WRONG": qsTr("系统时间不准") }
        return names[code] || code
    }
    ScreenTitle { text: qsTr("维护 · 待提交队列与设备状态") }
    GridLayout {
        Layout.fillWidth: true
        columns: 4
        columnSpacing: theme.gap
        Repeater {
            model: [
                { label: qsTr("待提交"), value: m.queued }, { label: qsTr("最久等待"), value: age(m.oldestMinutes) },
                { label: qsTr("需处理（已挂起）"), value: m.parked },
                { label: qsTr("最近成功同步"), value: m.lastSync === undefined ? undefined : (m.lastSync || qsTr("从未")) }
            ]
            Card {
                Layout.fillWidth: true
                Layout.preferredHeight: 110
                Column {
                    anchors.centerIn: parent
                    spacing: 6
                    Text { anchors.horizontalCenter: parent.horizontalCenter; text: modelData.label; font.pixelSize: theme.small; color: theme.muted }
                    Text { anchors.horizontalCenter: parent.horizontalCenter; text: modelData.value === undefined ? "—" : String(modelData.value); font.pixelSize: theme.h2; font.bold: true; color: theme.text }
                }
            }
        }
    }
    Text { text: qsTr("已挂起的项目（平台拒收，需人工处理；不会被自动删除）"); font.pixelSize: theme.body; font.bold: true; color: theme.text }
    Card {
        Layout.fillWidth: true
        Layout.fillHeight: true
        ListView {
            objectName: "parkedList"
            anchors.fill: parent
            anchors.margins: 16
            clip: true
            model: m.parkedItems || []
            spacing: 8
            delegate: Text {
                width: ListView.view.width
                wrapMode: Text.Wrap
                font.pixelSize: theme.small
                color: theme.text
                text: modelData.id + "  " + modelData.kind + "  HTTP " + modelData.status + "  " + modelData.code + "：" + modelData.reason
            }
            Text { visible: parent.count === 0; text: qsTr("无"); font.pixelSize: theme.body; color: theme.muted }
        }
    }
    Text { text: qsTr("运维工单（平台开出；设备恢复正常后自动关闭）"); font.pixelSize: theme.body; font.bold: true; color: theme.text }
    Column {
        objectName: "workOrders"
        Layout.fillWidth: true
        spacing: 6
        Repeater {
            model: maintenance.orders
            Text {
                width: parent.width
                wrapMode: Text.Wrap
                font.pixelSize: theme.small
                color: modelData.overdue ? theme.danger : theme.text
                text: "#" + modelData.no + "  " + faultName(modelData.fault) + qsTr("：") + codeName(modelData.code)
                      + qsTr("  开单 %1  时限 %2").arg(modelData.opened).arg(modelData.due)
                      + (modelData.escalated ? qsTr("  已超时升级") : "")
            }
        }
        Text { visible: maintenance.orders.length === 0; text: qsTr("无"); font.pixelSize: theme.small; color: theme.muted }
    }
    Flow {
        Layout.fillWidth: true
        spacing: 16
        Repeater {
            model: kiosk.devices
            Text { text: (modelData.ready ? "● " : "✕ ") + modelData.name + (modelData.ready ? qsTr(" 正常") : qsTr(" 不可用")); font.pixelSize: theme.body; color: modelData.ready ? theme.ok : theme.danger }
        }
    }
    Text { objectName: "paperLeft"; visible: printing.available; text: printing.paper; font.pixelSize: theme.body; color: theme.text }
    MessageBanner { objectName: "printMessage"; Layout.fillWidth: true; text: printing.message; good: printing.ok }
    Flow {                     // wraps in elder mode instead of running off the screen
        Layout.fillWidth: true
        spacing: theme.gap
        KButton { primary: false; text: qsTr("退出维护"); onClicked: kiosk.goHome() }
        KButton { objectName: "testPrint"; visible: printing.available; primary: false; enabled: !printing.busy; text: qsTr("打印测试页"); onClicked: printing.testPage() }
        KButton { objectName: "resumePrinting"; visible: printing.available; primary: false; enabled: !printing.busy; text: qsTr("已补纸"); onClicked: printing.refilled() }
        KButton { objectName: "toggleService"; primary: false; text: maintenance.suspended ? qsTr("恢复服务") : qsTr("暂停服务"); onClicked: maintenance.toggleService() }
        KButton { text: qsTr("刷新"); primary: false; onClicked: maintenance.refresh() }
        KButton { objectName: "syncNow"; text: maintenance.syncing ? qsTr("正在同步…") : qsTr("立即同步"); enabled: !maintenance.syncing; onClicked: maintenance.syncNow() }
    }
}
