import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 企业身份核验: the unified social credit code, the platform's answer on the person's link to the
// enterprise, the register's facts, and 政策通 — the policies it may be eligible for, with why.
ColumnLayout {
    id: screen
    property string voicePrompt: enterprise.profile.uscc ? qsTr("企业信息已确认。下面列出企业可能符合的惠企政策，可一键申报。")
                                                         : qsTr("请输入营业执照上的 18 位统一社会信用代码。")   // spoken when the screen opens
    property var p: enterprise.profile
    spacing: theme.gap
    // while the keyboard is up the code box must stay above it (in elder mode it takes half the screen)
    ScreenTitle { visible: !Qt.inputMethod.visible; text: qsTr("企业身份核验") }
    Text { visible: !Qt.inputMethod.visible && !p.uscc; text: qsTr("正在办理：%1").arg(enterprise.itemName); font.pixelSize: theme.body; color: theme.muted }

    Card {                     // the code, until the enterprise is known
        visible: !p.uscc
        Layout.fillWidth: true
        Layout.preferredHeight: codeBox.implicitHeight + 40
        ColumnLayout {
            id: codeBox
            anchors.fill: parent
            anchors.margins: 20
            spacing: 10
            Text { text: qsTr("统一社会信用代码（18 位，见营业执照）"); font.pixelSize: theme.body; font.bold: true; color: theme.text }
            RowLayout {
                spacing: theme.gap
                TextField {
                    id: uscc
                    objectName: "usccInput"
                    Layout.fillWidth: true
                    Layout.preferredHeight: theme.touch
                    font.pixelSize: theme.h2
                    font.family: "monospace"
                    maximumLength: 18
                    inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhLatinOnly | Qt.ImhNoPredictiveText
                    placeholderText: "91XXXXXXXXXXXXXXXX"
                    onTextEdited: text = text.toUpperCase()
                    onAccepted: if (text.length === 18) { Qt.inputMethod.hide(); enterprise.identify(text) }   // the keyboard's Enter key
                }
                KButton {
                    objectName: "checkEnterprise"
                    text: qsTr("核验企业")
                    enabled: uscc.text.length === 18 && !kiosk.busy
                    onClicked: { Qt.inputMethod.hide(); enterprise.identify(uscc.text) }
                }
            }
            Text {
                visible: !Qt.inputMethod.visible || !kiosk.elderMode
                Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.small; color: theme.muted
                text: qsTr("须为企业的法定代表人或已授权的经办人。字母 I、O、Z、S、V 不会出现在代码中。")
            }
        }
    }

    Flickable {                // the enterprise and its policies: one scrolling page (elder mode's sizes need it)
        id: flick
        objectName: "policyList"
        visible: !!p.uscc
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        contentHeight: body.implicitHeight
        ScrollBar.vertical: ScrollBar { policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded; width: 16 }
        ColumnLayout {
            id: body
            width: flick.width - 24
            spacing: 10
            Card {             // the enterprise, once the platform said who it is and who the person is to it
                objectName: "enterpriseCard"
                Layout.fillWidth: true
                Layout.preferredHeight: facts.implicitHeight + 32
                GridLayout {
                    id: facts
                    anchors.fill: parent
                    anchors.margins: 16
                    columns: 4
                    rowSpacing: 6
                    columnSpacing: 18
                    Text { text: qsTr("企业"); font.pixelSize: theme.body; color: theme.muted }
                    Text { objectName: "enterpriseName"; Layout.columnSpan: 3; Layout.fillWidth: true; text: p.name || qsTr("（待平台核验后显示）"); font.pixelSize: theme.h2; font.bold: true; color: theme.text; wrapMode: Text.Wrap }
                    Text { text: qsTr("信用代码"); font.pixelSize: theme.body; color: theme.muted }
                    Text { text: p.uscc || ""; font.pixelSize: theme.body; font.family: "monospace"; color: theme.text }
                    Text { text: qsTr("您的身份"); font.pixelSize: theme.body; color: theme.muted }
                    Text { objectName: "enterpriseRole"; Layout.fillWidth: true; text: (p.confirmed ? "✓ " : "⚠ ") + (p.role || ""); font.pixelSize: theme.body; font.bold: true; color: p.confirmed ? theme.ok : theme.danger; wrapMode: Text.Wrap }
                    Text { visible: !!p.industry; text: qsTr("行业 / 规模"); font.pixelSize: theme.body; color: theme.muted }
                    Text { visible: !!p.industry; text: (p.industry || "") + (p.size ? " · " + p.size : ""); font.pixelSize: theme.body; color: theme.text }
                    Text { visible: !!p.district; text: qsTr("区域 / 成立"); font.pixelSize: theme.body; color: theme.muted }
                    Text { visible: !!p.district; text: (p.district || "") + " · " + (p.established || ""); font.pixelSize: theme.body; color: theme.text }
                }
            }
            Text {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: p.confirmed ? qsTr("政策通：您的企业可能符合以下惠企政策") : qsTr("政策通：网络中断，以下政策的条件将由平台核实")
                font.pixelSize: theme.h2; font.bold: true; color: theme.primary
            }
            Repeater {
                model: enterprise.policies
                delegate: Card {
                    Layout.fillWidth: true
                    Layout.preferredHeight: policyRow.implicitHeight + 24
                    RowLayout {
                        id: policyRow
                        anchors.fill: parent
                        anchors.margins: 12
                        spacing: theme.gap
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; text: modelData.name + "　" + modelData.department; font.pixelSize: theme.body; font.bold: true; color: theme.text }
                            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; text: qsTr("可享：%1").arg(modelData.benefit); font.pixelSize: theme.small; color: theme.text }
                            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; visible: modelData.met.length > 0; text: qsTr("✓ 符合：%1").arg(modelData.met.join("；")); font.pixelSize: theme.small; color: theme.ok }
                            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; visible: modelData.unknown.length > 0; text: qsTr("？待核实：%1").arg(modelData.unknown.join("；")); font.pixelSize: theme.small; color: theme.muted }
                        }
                        KButton {
                            objectName: "applyPolicy_" + modelData.code
                            text: qsTr("一键申报")
                            onClicked: enterprise.applyPolicy(modelData.code)
                        }
                    }
                }
            }
        }
    }
    Item { visible: !p.uscc; Layout.fillHeight: true }
    MessageBanner { Layout.fillWidth: true }
    RowLayout {
        spacing: theme.gap
        Item { Layout.fillWidth: true }
        KButton {
            objectName: "continueToForm"
            visible: !!p.uscc
            text: qsTr("继续办理「%1」").arg(enterprise.itemName)
            onClicked: enterprise.continueToForm()
        }
    }
}
