import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The honest result: submitted (with its 办件号) or stored to be submitted when the network is back.
ColumnLayout {
    property string voicePrompt: kiosk.receipt.queued ? qsTr("您的申请已保存，网络恢复后将自动提交。请记下本机受理编号。") : qsTr("提交成功。请记下屏幕上的办件号。")   // spoken when the screen opens
    spacing: theme.gap * 1.5
    property var r: kiosk.receipt
    RowLayout {
        spacing: 20
        Rectangle {
            width: 64 * theme.s; height: width; radius: width / 2
            color: r.queued ? theme.primary : theme.ok
            Text {      // one character in Chinese; a word in English shrinks to fit the circle
                anchors.centerIn: parent
                width: parent.width - 8; height: parent.height
                horizontalAlignment: Text.AlignHCenter; verticalAlignment: Text.AlignVCenter
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: 10
                text: r.queued ? qsTr("存") : "✓"; color: "white"; font.pixelSize: theme.h1 * 1.2; font.bold: true
            }
        }
        ScreenTitle {
            objectName: "resultTitle"
            Layout.fillWidth: true      // a long title wraps instead of pushing the screen past its edge
            text: r.queued ? qsTr("已保存，网络恢复后自动提交") : (r.instant ? qsTr("办理成功，已办结") : qsTr("提交成功，已受理"))
        }
    }
    Flickable {         // what was done, in full; scrolls where elder mode's sizes need more room than there is
        id: details
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        contentHeight: detailColumn.implicitHeight
        ScrollBar.vertical: ScrollBar { policy: details.contentHeight > details.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded; width: 14 }
        Connections {   // a print that failed: bring the phone download into view, it is the way out
            target: printing
            function onChanged() {
                if (!printing.busy && !printing.ok && printing.message !== "" && pickupCard.visible)
                    details.contentY = Math.max(0, details.contentHeight - details.height)
            }
        }
        ColumnLayout {
            id: detailColumn
            width: details.width - 20
            spacing: theme.gap
            Card {
                Layout.fillWidth: true
                Layout.preferredHeight: grid.implicitHeight + 48
                GridLayout {
                    id: grid
                    anchors.fill: parent
                    anchors.margins: 20
                    columns: 2
                    rowSpacing: 8
                    columnSpacing: 24
                    Text { text: r.queued ? qsTr("本机受理编号") : qsTr("办件号"); font.pixelSize: theme.body; color: theme.muted }
                    Text { objectName: "applicationNo"; text: (r.queued ? r.localRef : r.applicationNo) || ""; font.pixelSize: theme.h1; font.bold: true; font.family: "monospace"; color: theme.text }
                    Text { text: qsTr("事项"); font.pixelSize: theme.body; color: theme.muted }
                    Text { Layout.fillWidth: true; text: r.itemName || ""; font.pixelSize: theme.body; color: theme.text; wrapMode: Text.Wrap }
                    Text { text: qsTr("状态"); font.pixelSize: theme.body; color: theme.muted }
                    Text {
                        Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                        text: r.queued ? qsTr("尚未提交：已加密保存在本机，待网络恢复后自动提交（不会重复提交）")
                                       : qsTr("%1（已提交至政务服务平台）").arg(r.status || "")
                    }
                    Text { visible: !r.queued; text: r.instant ? qsTr("办结日期") : qsTr("承诺办结"); font.pixelSize: theme.body; color: theme.muted }
                    Text { visible: !r.queued; text: r.promisedBy || ""; font.pixelSize: theme.body; color: theme.text }
                }
            }
            Card {              // 容缺: what is still owed and by when (the paper receipt says the same)
                objectName: "deferredMaterials"
                visible: (r.deferred || []).length > 0
                Layout.fillWidth: true
                Layout.preferredHeight: deferredList.implicitHeight + 32
                ColumnLayout {
                    id: deferredList
                    anchors.fill: parent
                    anchors.margins: 16
                    spacing: 4
                    Text { text: qsTr("容缺受理：以下材料请在期限内补交"); font.pixelSize: theme.body; font.bold: true; color: theme.text }
                    Repeater {
                        model: r.deferred || []
                        Text {
                            Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                            text: qsTr("%1：请于 %2 前补交（%3 个工作日内）").arg(modelData.name).arg(modelData.due).arg(modelData.days)
                        }
                    }
                }
            }
            Card {              // 一件事: the member applications, each with its own 办件号
                objectName: "bundleMembers"
                visible: (r.members || []).length > 0
                Layout.fillWidth: true
                Layout.preferredHeight: memberList.implicitHeight + 32
                ColumnLayout {
                    id: memberList
                    anchors.fill: parent
                    anchors.margins: 16
                    spacing: 4
                    Text { text: qsTr("一件事已拆分为 %1 个事项并联办理：").arg((r.members || []).length); font.pixelSize: theme.body; font.bold: true; color: theme.text }
                    Repeater {
                        model: r.members || []
                        Text {
                            Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.small; color: theme.text
                            text: qsTr("%1　办件号 %2　承诺 %3").arg(modelData.itemName).arg(modelData.applicationNo).arg(modelData.promisedBy)
                        }
                    }
                }
            }
            Text {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: theme.body
                color: theme.text
                text: r.queued ? qsTr("请记下本机受理编号。提交成功后，办件号将以短信发送到您的手机；如有疑问，可凭本机受理编号到窗口查询。")
                      : r.certificate ? qsTr("证明文件已生成。请记下办件号，可凭办件号在任意自助终端或“办件查询”中查询和打印。")
                                      : qsTr("请记下办件号，可在“办件查询”中随时查看办理进度；办结后将短信通知您。")
            }
            Card {              // 手机扫码下载: the certificate without paper (no printer, paper out, or by choice)
                id: pickupCard
                objectName: "pickupCard"
                visible: !r.queued && r.certificate === true && printing.certificates   // no A4 printer: a main button instead
                Layout.fillWidth: true
                Layout.preferredHeight: pickupRow.implicitHeight + 32
                RowLayout {
                    id: pickupRow
                    anchors.fill: parent
                    anchors.margins: 16
                    spacing: theme.gap
                    Text {
                        Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                        text: qsTr("不打印也可以：生成一个二维码，用您自己的手机扫码下载证明（PDF），10 分钟内有效。")
                    }
                    KButton {
                        objectName: "phonePickup"
                        primary: false
                        enabled: !printing.busy
                        text: qsTr("手机下载证明")
                        onClicked: printing.phonePickup()
                    }
                }
            }
        }
    }
    MessageBanner { Layout.fillWidth: true }
    MessageBanner { objectName: "printMessage"; Layout.fillWidth: true; text: printing.message; good: printing.ok }
    RowLayout {
        spacing: theme.gap
        KButton { objectName: "finishButton"; primary: false; text: qsTr("完成，退出"); onClicked: kiosk.finish() }
        Item { Layout.fillWidth: true }
        KButton {
            objectName: "printCertificate"
            visible: printing.certificates && !r.queued && r.certificate === true
            enabled: !printing.busy
            text: qsTr("打印证明")
            onClicked: printing.certificate()
        }
        KButton {       // no A4 printer here: the phone is the way to the certificate, so it is a main button
            objectName: "phonePickupMain"
            visible: !printing.certificates && !r.queued && r.certificate === true
            enabled: !printing.busy
            text: qsTr("手机下载证明")
            onClicked: printing.phonePickup()
        }
        KButton {
            objectName: "printReceipt"
            visible: printing.available
            primary: false
            enabled: !printing.busy
            text: printing.busy ? qsTr("正在打印…") : printing.receiptPrinted ? qsTr("重新打印回执") : qsTr("打印回执")
            onClicked: printing.receipt()
        }
        KButton { objectName: "toRating"; visible: !r.queued; text: qsTr("评价本次服务"); onClicked: kiosk.toRating() }
    }
    Popup {             // the download code, big and alone on the screen: easy to scan, gone when closed
        parent: Overlay.overlay
        x: 0; y: 0
        width: parent ? parent.width : 0
        height: parent ? parent.height : 0
        modal: true
        closePolicy: Popup.NoAutoClose
        visible: printing.pickupShown
        background: Rectangle { color: theme.bg }
        ColumnLayout {
            objectName: "pickupPanel"
            anchors.fill: parent
            anchors.margins: 24
            spacing: theme.gap
            ScreenTitle { text: qsTr("用手机扫码下载证明") }
            Image {
                objectName: "pickupQr"
                Layout.alignment: Qt.AlignHCenter
                Layout.fillHeight: true
                Layout.preferredWidth: height
                Layout.maximumWidth: 480
                fillMode: Image.PreserveAspectFit
                sourceSize: Qt.size(480, 480)
                cache: false
                source: printing.pickupShown ? "image://pickupqr/" + printing.pickupSerial : ""
            }
            Text {
                objectName: "pickupHint"
                Layout.fillWidth: true; wrapMode: Text.Wrap; horizontalAlignment: Text.AlignHCenter
                font.pixelSize: theme.body; color: theme.text
                text: qsTr("请用您自己的手机扫码，%1 前有效，仅可下载几次。请勿让他人拍摄此二维码；关闭后二维码即消失。").arg(printing.pickupUntil)
            }
            RowLayout {
                Item { Layout.fillWidth: true }
                KButton { objectName: "closePickup"; text: qsTr("已下载，关闭"); onClicked: printing.closePickup() }
                Item { Layout.fillWidth: true }
            }
        }
    }
}
