import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    implicitHeight: Math.round(84 * theme.s)
    color: theme.primary
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 24
        anchors.rightMargin: 24
        spacing: 18
        Rectangle {            // emblem placeholder: a plain mark, no official insignia
            objectName: "emblem"
            width: Math.round(48 * theme.s); height: width; radius: width / 2
            color: "#ffffff"
            // the hidden technician entry: a long press (then a PIN)
            TapHandler { longPressThreshold: 2; onLongPressed: maintenance.openLogin() }
            Text { anchors.centerIn: parent; text: qsTr("政"); color: theme.primary; font.pixelSize: theme.h2; font.bold: true }
        }
        ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            // shrinks to fit rather than cut (English, large text): never "Self-Servic…"
            Text { Layout.fillWidth: true; fontSizeMode: Text.HorizontalFit; minimumPixelSize: theme.small; text: qsTr("政务服务自助终端"); color: "white"; font.pixelSize: theme.h2; font.bold: true }
            Text { Layout.fillWidth: true; elide: Text.ElideRight; text: kiosk.kioskName; color: "#dce8f6"; font.pixelSize: theme.small }
        }
        Text {
            id: clock
            visible: !kiosk.elderMode || kiosk.screen === "home"
            color: "white"; font.pixelSize: theme.body
            text: Qt.formatDateTime(new Date(), "yyyy-MM-dd hh:mm")
            Timer { interval: 10000; running: true; repeat: true; onTriggered: clock.text = Qt.formatDateTime(new Date(), "yyyy-MM-dd hh:mm") }
        }
        KButton {
            objectName: "elderToggle"
            minWidth: theme.touch * 1.2
            primary: false
            text: kiosk.elderMode ? qsTr("标准版") : qsTr("大字版")
            onClicked: kiosk.toggleElder()
        }
        KButton {
            objectName: "languageToggle"
            minWidth: theme.touch * 1.2
            primary: false
            text: kiosk.lang === "en" ? "中文" : "English"      // each language named in itself, not translated
            onClicked: kiosk.toggleLanguage()
        }
        KButton {
            objectName: "finishButton"
            minWidth: theme.touch * 1.2
            visible: kiosk.screen !== "home" && kiosk.screen !== "outOfService"
            primary: false
            text: qsTr("结束办理")
            onClicked: kiosk.finish()
        }
    }
}
