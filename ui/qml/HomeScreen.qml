import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    property string voicePrompt: qsTr("您好，欢迎使用政务服务自助终端。请点击屏幕选择要办理的业务。需要大字版，请点右上角的大字版按钮。")   // spoken when the screen opens
    spacing: theme.gap * 1.5
    ScreenTitle { text: qsTr("您好，请选择要办理的业务") }
    GridLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        columns: 2
        rowSpacing: theme.gap * 1.5
        columnSpacing: theme.gap * 1.5
        Repeater {
            model: [
                { key: "personal", title: qsTr("个人服务"), sub: qsTr("社保 · 公积金 · 不动产 · 税务 · 医保 · 证件") },
                { key: "enterprise", title: qsTr("企业服务"), sub: qsTr("企业开办一件事 · 惠企政策（政策通）") },
                { key: "progress", title: qsTr("办件查询"), sub: qsTr("输入办件号查询办理进度") },
                { key: "certificates", title: qsTr("证明打印"), sub: qsTr("参保证明 · 缴存证明 · 无房证明 · 纳税记录") }
            ]
            delegate: Card {
                objectName: "tile_" + modelData.key
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: theme.touch * 2
                color: tap.pressed ? "#dbe6f3" : theme.card
                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: Math.round(20 * theme.s)
                    spacing: 10
                    RowLayout {
                        Layout.fillWidth: true
                        Text { Layout.fillWidth: true; text: modelData.title; font.pixelSize: Math.round(theme.h1 * 1.15); font.bold: true; color: theme.primary }
                        Text { text: "›"; font.pixelSize: Math.round(theme.h1 * 1.3); color: theme.primary }
                    }
                    // wrapped over the tile's free lines, and smaller type before any word is cut
                    Text { Layout.fillWidth: true; Layout.fillHeight: true; text: modelData.sub; font.pixelSize: theme.body; minimumPixelSize: theme.small; fontSizeMode: Text.Fit; color: theme.muted; wrapMode: Text.Wrap; verticalAlignment: Text.AlignTop }
                }
                TapHandler {
                    id: tap
                    // an older hand holds a tile a second or more, and a busy screen may see the release late:
                    // by default that is a "long press" and no tap at all. Nothing here has a long press.
                    longPressThreshold: 0
                    onTapped: {
                        if (modelData.key === "progress") kiosk.openProgress()
                        else if (modelData.key === "certificates") { kiosk.openCatalog("personal"); kiosk.setQuery("证明") }  // a search word, not a text
                        else kiosk.openCatalog(modelData.key)
                    }
                }
            }
        }
    }
}
