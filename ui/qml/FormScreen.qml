import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The form generated from the item's schema, pre-filled from the card ("一次填报").
ColumnLayout {
    spacing: theme.gap
    ScreenTitle { text: "填写申请信息" }
    Text { text: "带“来自身份证”标记的内容已自动填写，无需修改。"; font.pixelSize: theme.small; color: theme.muted }
    Card {
        Layout.fillWidth: true
        Layout.fillHeight: true
        Flickable {
            id: flick
            anchors.fill: parent
            anchors.margins: 20
            contentHeight: fields.implicitHeight
            clip: true
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded; width: 16 }
            ColumnLayout {
                id: fields
                width: flick.width - 28
                spacing: 18
                Repeater {
                    model: kiosk.formFieldNames
                    delegate: ColumnLayout {
                        id: row
                        objectName: "field_" + modelData
                        Layout.fillWidth: true
                        spacing: 6
                        property var f: { kiosk.revision; return kiosk.fieldInfo(modelData) }
                        RowLayout {
                            spacing: 10
                            Text { text: (row.f.required ? "* " : "") + row.f.label; font.pixelSize: theme.body; font.bold: true; color: theme.text }
                            Rectangle {
                                visible: row.f.locked === true
                                radius: 6; color: "#e6eef8"; border.color: theme.primary
                                implicitWidth: tag.implicitWidth + 14; implicitHeight: tag.implicitHeight + 6
                                Text { id: tag; anchors.centerIn: parent; text: "来自身份证"; font.pixelSize: theme.small; color: theme.primary }
                            }
                        }
                        TextField {
                            objectName: "input_" + modelData
                            visible: row.f.type !== "select"
                            Layout.fillWidth: true
                            Layout.preferredHeight: theme.touch
                            font.pixelSize: theme.body
                            readOnly: row.f.locked === true
                            text: row.f.value || ""          // set once; typing then owns the text
                            placeholderText: row.f.hint || ""
                            inputMethodHints: row.f.type === "mobile" || row.f.type === "number" ? Qt.ImhDigitsOnly : Qt.ImhNone
                            background: Rectangle { radius: 8; color: parent.readOnly ? "#eef2f6" : "white"; border.width: 2
                                                    border.color: row.f.error ? theme.danger : theme.line }
                            onTextEdited: kiosk.setField(modelData, text)
                        }
                        Flow {            // options as large buttons instead of a small drop-down
                            visible: row.f.type === "select"
                            Layout.fillWidth: true
                            spacing: 10
                            Repeater {
                                model: row.f.type === "select" ? row.f.options : []
                                KButton {
                                    objectName: "option_" + row.f.name + "_" + index
                                    primary: row.f.value === modelData
                                    text: (row.f.value === modelData ? "✓ " : "") + modelData
                                    onClicked: kiosk.setField(row.f.name, modelData)
                                }
                            }
                        }
                        Text {
                            visible: !!row.f.error
                            text: "⚠ " + (row.f.error || "")
                            font.pixelSize: theme.small
                            color: theme.danger
                        }
                    }
                }
                Repeater {
                    model: kiosk.deferrableMaterials
                    delegate: CheckBox {
                        objectName: "defer_" + modelData.code
                        checked: modelData.deferred
                        font.pixelSize: theme.body
                        text: "暂缺「" + modelData.name + "」，承诺 " + modelData.days + " 个工作日内补交（容缺受理）"
                        indicator.width: theme.touch * 0.6
                        indicator.height: theme.touch * 0.6
                        onToggled: kiosk.deferMaterial(modelData.code, checked)
                    }
                }
            }
        }
    }
    MessageBanner { Layout.fillWidth: true }
    RowLayout {
        Item { Layout.fillWidth: true }
        KButton { objectName: "toReview"; text: "下一步：核对信息"; onClicked: kiosk.toReview() }
    }
}
