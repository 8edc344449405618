import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 好差评: five levels, voluntary, once per application and stage.
ColumnLayout {
    property string voicePrompt: qsTr("请您对本次服务进行评价。评价完全自愿，也可以直接结束。")   // spoken when the screen opens
    spacing: theme.gap * 1.5
    ScreenTitle { text: qsTr("请您对本次服务进行评价") }
    Text { text: qsTr("评价完全自愿，可直接跳过。"); font.pixelSize: theme.body; color: theme.muted }
    GridLayout {
        Layout.fillWidth: true
        columns: kiosk.elderMode ? 3 : 5
        rowSpacing: theme.gap
        columnSpacing: theme.gap
        Repeater {
            model: [
                { level: 5, text: qsTr("非常满意") }, { level: 4, text: qsTr("满意") }, { level: 3, text: qsTr("基本满意") },
                { level: 2, text: qsTr("不满意") }, { level: 1, text: qsTr("非常不满意") }
            ]
            KButton {
                objectName: "rate_" + modelData.level
                Layout.fillWidth: true
                Layout.preferredHeight: theme.touch * (kiosk.elderMode ? 1.3 : 1.8)
                minWidth: theme.touch * 1.5
                primary: false
                enabled: !kiosk.busy
                text: "★".repeat(modelData.level) + "☆".repeat(5 - modelData.level) + "\n" + modelData.text
                onClicked: kiosk.rate(modelData.level)
            }
        }
        KButton {          // elder mode: the grid's sixth cell, so the larger buttons leave it on the screen
            objectName: "rateSkipElder"
            visible: kiosk.elderMode
            Layout.fillWidth: true
            Layout.preferredHeight: theme.touch * 1.3
            primary: false
            enabled: !kiosk.busy
            text: qsTr("不评价，结束")
            onClicked: kiosk.rate(0)
        }
    }
    Item { Layout.fillHeight: true }
    RowLayout {
        visible: !kiosk.elderMode
        Item { Layout.fillWidth: true }
        KButton { objectName: "rateSkip"; primary: false; text: qsTr("不评价，结束"); enabled: !kiosk.busy; onClicked: kiosk.rate(0) }
    }
}
