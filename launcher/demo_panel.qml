import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Demo only: the hands of a person at the emulated devices.
ApplicationWindow {
    objectName: "demoPanel"
    title: "设备模拟器 / Device emulator"
    width: 300
    height: 720
    x: 1290
    y: 0
    visible: true
    ScrollView {
        anchors.fill: parent
        ColumnLayout {
            width: 280
            x: 10
            spacing: 6
            Label { text: "身份证读卡器（GA 467 模拟）"; font.bold: true; Layout.topMargin: 8 }
            Button { Layout.fillWidth: true; text: "放置居民身份证"; onClicked: panel.place("resident") }
            Button { Layout.fillWidth: true; text: "放置港澳台居民居住证"; onClicked: panel.place("hmt") }
            Button { Layout.fillWidth: true; text: "放置外国人永久居留证"; onClicked: panel.place("foreign") }
            Button { Layout.fillWidth: true; text: "放置过期身份证"; onClicked: panel.place("expired") }
            Button { Layout.fillWidth: true; text: "取走证件"; onClicked: panel.remove() }
            CheckBox { text: "读卡器无响应（故障）"; onToggled: panel.silent(checked) }
            Label { text: "社保卡（PC/SC 虚拟读卡器）"; font.bold: true; Layout.topMargin: 8 }
            Button { Layout.fillWidth: true; text: "插入社保卡"; onClicked: panel.sscard(true) }
            Button { Layout.fillWidth: true; text: "拔出社保卡"; onClicked: panel.sscard(false) }
            Label { text: "扫码器"; font.bold: true; Layout.topMargin: 8 }
            Button { Layout.fillWidth: true; text: "扫描电子身份证"; onClicked: panel.scan("eid") }
            Button { Layout.fillWidth: true; text: "扫描电子社保卡"; onClicked: panel.scan("esscard") }
            Button { Layout.fillWidth: true; text: "扫描回执二维码（最近办件）"; onClicked: panel.scan("receipt") }
            Button { Layout.fillWidth: true; text: "扫描无关二维码"; onClicked: panel.scan("other") }
            Label { text: "凭条打印机（ESC/POS 模拟）"; font.bold: true; Layout.topMargin: 8 }
            RowLayout {
                Layout.fillWidth: true
                Button { Layout.fillWidth: true; text: "纸充足"; onClicked: panel.paper("ok") }
                Button { Layout.fillWidth: true; text: "纸将尽"; onClicked: panel.paper("low") }
                Button { Layout.fillWidth: true; text: "缺纸"; onClicked: panel.paper("empty") }
            }
            Button { Layout.fillWidth: true; text: "查看已打印内容"; onClicked: { printedText.text = ""; printedImage.source = panel.printed() } }
            Button { Layout.fillWidth: true; text: "查看手机短信（138****8000）"; onClicked: { printedImage.source = ""; printedText.text = panel.sms() } }
            Label { id: printedText; Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: 11 }
            Image { id: printedImage; objectName: "printedImage"; Layout.fillWidth: true; fillMode: Image.PreserveAspectFit; cache: false }
            Label { text: "维护入口：长按左上角徽标 2 秒，PIN 246810"; wrapMode: Text.Wrap; Layout.fillWidth: true; Layout.topMargin: 8 }
        }
    }
}
