import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The form generated from the item's schema, pre-filled from the card ("一次填报"). Digits fields
// (ID number, mobile, numbers) are filled from a large keypad beside the form, never the pinyin keyboard.
ColumnLayout {
    property string voicePrompt: qsTr("请填写申请信息。已自动填写的内容无需修改，标红的内容请修改后再继续。")   // spoken when the screen opens
    id: form
    property var digitField: null          // the focused digits field's delegate, if any
    property var typedField: null          // the focused text field, kept in view above the keyboard
    // While the keyboard is up (in elder mode it takes half the screen) the fields get all the room left
    readonly property bool typing: Qt.inputMethod.visible
    function keepInView() {
        if (!form.typedField || !form.typedField.activeFocus)
            return
        var top = form.typedField.mapToItem(fields, 0, 0).y - 40      // its label too
        var bottom = top + 40 + form.typedField.height + 12
        if (top < flick.contentY)
            flick.contentY = Math.max(0, top)
        else if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(Math.max(0, flick.contentHeight - flick.height), bottom - flick.height)
    }
    spacing: theme.gap
    ScreenTitle { visible: !form.typing; text: qsTr("填写申请信息") }
    Text { visible: !form.typing; text: qsTr("带“来自身份证”标记的内容已自动填写，无需修改。"); font.pixelSize: theme.small; color: theme.muted }
    RowLayout {
    Layout.fillWidth: true
    Layout.fillHeight: true
    spacing: theme.gap
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
            onHeightChanged: Qt.callLater(form.keepInView)       // the keyboard came up: the field stays above it
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
                        Text {            // a bundle's merged form: the fields of one member under its name
                            visible: row.f.groupStart === true
                            Layout.topMargin: 12
                            text: "▌" + (row.f.group || "")
                            font.pixelSize: theme.h2; font.bold: true; color: theme.primary
                        }
                        RowLayout {
                            spacing: 10
                            Text { text: (row.f.required ? "* " : "") + row.f.label; font.pixelSize: theme.body; font.bold: true; color: theme.text }
                            Rectangle {
                                visible: row.f.locked === true
                                radius: 6; color: "#e6eef8"; border.color: theme.primary
                                implicitWidth: tag.implicitWidth + 14; implicitHeight: tag.implicitHeight + 6
                                Text { id: tag; anchors.centerIn: parent; text: row.f.lockedFrom === "register" ? qsTr("已自动带出") : qsTr("来自身份证"); font.pixelSize: theme.small; color: theme.primary }
                            }
                        }
                        property bool digits: ["mobile", "number", "id_number"].indexOf(row.f.type) >= 0
                        property alias input: input
                        property string name: modelData
                        TextField {
                            id: input
                            objectName: "input_" + modelData
                            maximumLength: row.f.max_length || 200
                            visible: row.f.type !== "select"
                            Layout.fillWidth: true
                            Layout.preferredHeight: theme.touch
                            font.pixelSize: theme.body
                            // digits come from the keypad below, so the pinyin keyboard never opens for them
                            readOnly: row.f.locked === true || row.digits
                            text: row.f.value || ""          // set once; typing then owns the text
                            placeholderText: row.f.hint || ""
                            background: Rectangle { radius: 8; color: row.f.locked ? "#eef2f6" : "white"; border.width: 2
                                                    border.color: row.f.error ? theme.danger : input.activeFocus ? theme.primary : theme.line }
                            onTextEdited: kiosk.setField(modelData, text)
                            onAccepted: Qt.inputMethod.hide()     // the keyboard's ↵: done typing, the buttons come back
                            onActiveFocusChanged: {
                                if (!activeFocus)
                                    return
                                form.digitField = (row.digits && !row.f.locked) ? row : null
                                form.typedField = (!row.digits && !row.f.locked) ? input : null
                                if (form.digitField)
                                    Qt.inputMethod.hide()     // digits come from the keypad: the keyboard must not cover it
                                Qt.callLater(form.keepInView)
                            }
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
                                    text: (row.f.value === modelData ? "✓ " : "") + row.f.optionLabels[index]
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
                        Layout.fillWidth: true
                        Layout.minimumHeight: theme.touch          // a touch target like every button (适老化)
                        checked: modelData.deferred
                        font.pixelSize: theme.body
                        text: qsTr("暂缺「%1」，承诺 %2 个工作日内补交（容缺受理）").arg(modelData.name).arg(modelData.days)
                        indicator.width: theme.touch * 0.6
                        indicator.height: theme.touch * 0.6
                        onToggled: kiosk.deferMaterial(modelData.code, checked)
                    }
                }
                Text {            // paper materials: photographed on the document camera (高拍仪)
                    visible: materials.rows.length > 0
                    Layout.topMargin: 12
                    text: qsTr("申请材料（放在高拍仪下拍摄）")
                    font.pixelSize: theme.h2; font.bold: true; color: theme.primary
                }
                Repeater {
                    model: materials.rows
                    delegate: RowLayout {
                        Layout.fillWidth: true
                        spacing: theme.gap
                        Text { Layout.fillWidth: true; wrapMode: Text.Wrap; text: modelData.name; font.pixelSize: theme.body; color: theme.text }
                        Text {
                            objectName: "pages_" + modelData.code
                            text: modelData.pages > 0 ? qsTr("✓ 已拍 %1 页").arg(modelData.pages) : (modelData.deferred ? qsTr("暂缺（容缺受理）") : qsTr("未拍摄"))
                            font.pixelSize: theme.body; color: modelData.pages > 0 ? theme.ok : theme.muted
                        }
                        KButton {
                            objectName: "capture_" + modelData.code
                            primary: false
                            text: modelData.pages > 0 ? qsTr("继续拍摄") : qsTr("拍摄")
                            onClicked: { Qt.inputMethod.hide(); materials.open(modelData.code) }
                        }
                    }
                }
            }
        }
    }
    KeyPad {
        Layout.alignment: Qt.AlignTop
        Layout.fillHeight: true
        Layout.maximumHeight: implicitHeight
        visible: form.digitField !== null
        target: form.digitField ? form.digitField.input : null
        prefix: form.digitField ? "pad_" + form.digitField.name : "pad"
        withX: form.digitField !== null && form.digitField.f.type === "id_number"
        maxLength: form.digitField !== null && form.digitField.f.type === "mobile" ? 11 : 18
        onEdited: kiosk.setField(form.digitField.name, form.digitField.input.text)
    }
    }
    MessageBanner { Layout.fillWidth: true }
    RowLayout {
        visible: !form.typing
        Item { Layout.fillWidth: true }
        KButton { objectName: "toReview"; text: qsTr("下一步：核对信息"); onClicked: kiosk.toReview() }
    }
    Popup {
        id: capture
        parent: Overlay.overlay
        x: 0; y: 0
        width: parent ? parent.width : 0
        height: parent ? parent.height : 0
        modal: true
        closePolicy: Popup.NoAutoClose
        visible: materials.capturing !== ""
        background: Rectangle { color: theme.bg }
        property var row: materials.rows.filter(function (r) { return r.code === materials.capturing })[0] || {}
        ColumnLayout {
            objectName: "capturePanel"
            anchors.fill: parent
            anchors.margins: 24
            spacing: theme.gap
            ScreenTitle { text: qsTr("拍摄材料：%1").arg(capture.row.name || "") }
            Text { text: qsTr("请把材料正面朝上平放在高拍仪下，四边都在画面内，然后点“拍照”。多页请逐页拍摄。"); font.pixelSize: theme.body; color: theme.text; Layout.fillWidth: true; wrapMode: Text.Wrap }
            Image {
                objectName: "docPreview"
                Layout.fillWidth: true
                Layout.fillHeight: true
                fillMode: Image.PreserveAspectFit
                cache: false
                source: materials.capturing !== "" ? "image://doccamera/" + materials.frame : ""
            }
            Text { objectName: "capturedPages"; text: qsTr("已拍 %1 页").arg(materials.pages); font.pixelSize: theme.body; font.bold: true; color: theme.text }
            MessageBanner { Layout.fillWidth: true; text: materials.message; good: materials.ok }
            RowLayout {
                spacing: theme.gap
                KButton { objectName: "removeLastPage"; primary: false; enabled: materials.pages > 0 && !materials.busy; text: qsTr("删除最后一页"); onClicked: materials.removeLast() }
                Item { Layout.fillWidth: true }
                KButton { objectName: "shootButton"; enabled: !materials.busy; text: materials.busy ? qsTr("正在处理…") : qsTr("拍照"); onClicked: materials.shoot() }
                KButton { objectName: "captureDone"; primary: false; text: qsTr("完成"); onClicked: materials.close() }
            }
        }
    }
}
