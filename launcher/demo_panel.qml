import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Demo only: the hands of a person at the emulated ID card reader.
ApplicationWindow {
    objectName: "demoPanel"
    title: "设备模拟器 / Device emulator"
    width: 300
    height: 420
    x: 1290
    y: 0
    visible: true
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8
        Label { text: "身份证读卡器（GA 467 模拟）"; font.bold: true }
        Button { Layout.fillWidth: true; text: "放置居民身份证"; onClicked: panel.place("resident") }
        Button { Layout.fillWidth: true; text: "放置港澳台居民居住证"; onClicked: panel.place("hmt") }
        Button { Layout.fillWidth: true; text: "放置外国人永久居留证"; onClicked: panel.place("foreign") }
        Button { Layout.fillWidth: true; text: "放置过期身份证"; onClicked: panel.place("expired") }
        Button { Layout.fillWidth: true; text: "取走证件"; onClicked: panel.remove() }
        CheckBox { text: "读卡器无响应（故障）"; onToggled: panel.silent(checked) }
        Item { Layout.fillHeight: true }
    }
}
