import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    property string voicePrompt: qsTr("请选择要办理的事项，也可以在上方搜索框输入事项名称或拼音首字母。")   // spoken when the screen opens
    spacing: theme.gap
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: qsTr("‹ 返回"); onClicked: kiosk.goHome() }
        ScreenTitle { text: kiosk.audience === "enterprise" ? qsTr("企业服务") : qsTr("个人服务") }
        Item { Layout.fillWidth: true }
    }
    TextField {
        id: search
        objectName: "catalogSearch"
        maximumLength: 40
        Layout.fillWidth: true
        Layout.preferredHeight: theme.touch
        font.pixelSize: theme.body
        placeholderText: qsTr("搜索事项，如：社保、公积金、无房证明")
        text: kiosk.query
        onTextEdited: kiosk.setQuery(text)
    }
    MessageBanner { Layout.fillWidth: true }
    Text {
        visible: kiosk.catalogReady && list.count === 0
        text: qsTr("没有找到相关事项，请换个关键词试试。")
        font.pixelSize: theme.body; color: theme.muted
    }
    ListView {
        id: list
        objectName: "catalogList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 12
        model: kiosk.catalogItems
        delegate: Card {
            objectName: "item_" + modelData.code
            width: ListView.view.width
            height: Math.max(Math.round(104 * theme.s), row.implicitHeight + 36)
            color: tap.pressed ? "#dbe6f3" : theme.card
            RowLayout {
                id: row
                anchors.fill: parent
                anchors.margins: 18
                spacing: 16
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 6
                    Text { text: modelData.title; font.pixelSize: theme.h2; font.bold: true; color: theme.text; wrapMode: Text.Wrap; Layout.fillWidth: true }   // a long English name on two lines, never cut
                    Text { text: modelData.departmentTitle + " · " + (modelData.time_limit_promised_days === 0 ? qsTr("承诺时限 即办") : qsTr("承诺时限 %1 个工作日").arg(modelData.time_limit_promised_days)); font.pixelSize: theme.small; color: theme.muted }
                }
                Rectangle {
                    visible: modelData.instant
                    radius: 8; color: "#e3f1e6"; border.color: theme.ok
                    implicitWidth: badge.implicitWidth + 20; implicitHeight: badge.implicitHeight + 10
                    Text { id: badge; anchors.centerIn: parent; text: printing.certificates ? qsTr("秒批 · 可当场打印") : qsTr("秒批 · 手机下载"); color: theme.ok; font.pixelSize: theme.small }
                }
                Text { text: "›"; font.pixelSize: theme.h1; color: theme.primary }
            }
            TapHandler { id: tap; longPressThreshold: 0; onTapped: kiosk.chooseItem(modelData.code) }   // a slow press is a tap (no long press here)
        }
    }
}
