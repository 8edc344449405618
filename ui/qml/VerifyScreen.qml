import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// 实人核验: separate consent first (what is captured, why, how long it lives), then a mirrored live
// preview with the face framed and one prompt at a time, then the result — or the item's non-face ways.
// The rules are in kiosk/verification/check.py; the frames never pass through QML except as a picture.
ColumnLayout {
    id: screen
    property string voicePrompt: faceCheck.phase === "alternatives" ? faceCheck.why
                                 : qsTr("该事项需要核验是否本人办理。请阅读说明，同意后开始刷脸。")
    property string phase: faceCheck.phase
    spacing: theme.gap * 1.5

    Connections {      // each new prompt is spoken (the screen's own prompt is spoken when it opens)
        target: faceCheck
        function onPromptChanged() { if (faceCheck.prompt) voice.say(faceCheck.prompt, kiosk.lang) }
    }

    ScreenTitle { text: qsTr("实人核验") }

    // ---- consent (个人信息保护法 第二十九条: separate consent for sensitive personal information)
    Card {
        visible: screen.phase === "consent"
        Layout.fillWidth: true
        Layout.preferredHeight: consentText.implicitHeight + 48
        ColumnLayout {
            id: consentText
            anchors.fill: parent
            anchors.margins: 24
            spacing: 12
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.h2; font.bold: true; color: theme.text
                   text: qsTr("人脸信息处理告知") }
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                   text: qsTr("为确认是证件持有人本人办理，本机将通过摄像头采集您的人脸画面，按提示转头，并与证件芯片中的照片比对。") }
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                   text: qsTr("人脸画面只在本机内存中处理，不保存、不上传；比对完成后立即删除，只记录核验结果。") }
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                   text: qsTr("您可以不同意，改用其他方式核验身份，不影响办理。") }
        }
    }

    // ---- the live check
    RowLayout {
        visible: screen.phase === "capturing" || screen.phase === "deciding"
        Layout.fillWidth: true
        Layout.fillHeight: true                  // the preview takes the room left (less in elder mode)
        Layout.maximumHeight: 360
        spacing: theme.gap * 1.5
        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: height * 4 / 3
            color: "#202020"; radius: 8; clip: true
            Image {
                objectName: "cameraPreview"
                anchors.fill: parent
                fillMode: Image.PreserveAspectFit
                cache: false
                source: screen.phase === "capturing" || screen.phase === "deciding" ? "image://camera/" + faceCheck.frame : ""
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: theme.gap
            Text {
                objectName: "facePrompt"
                Layout.fillWidth: true; wrapMode: Text.Wrap
                font.pixelSize: theme.h1; font.bold: true; color: theme.primary
                text: faceCheck.prompt
            }
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.muted
                   text: qsTr("请摘下帽子、口罩，正对屏幕上方的摄像头。画面中只能有您一人。") }
        }
    }

    // ---- a failed attempt
    Card {
        visible: screen.phase === "failed"
        Layout.fillWidth: true
        Layout.preferredHeight: failedText.implicitHeight + 48
        ColumnLayout {
            id: failedText
            anchors.fill: parent
            anchors.margins: 24
            spacing: 12
            Text { objectName: "faceFailure"; Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.h2
                   font.bold: true; color: theme.danger; text: "✗ " + faceCheck.failure }
            Text { Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body; color: theme.text
                   text: qsTr("本次核验未通过，您还可以再试 %1 次，或改用其他方式。").arg(faceCheck.attemptsLeft) }
        }
    }

    // ---- the non-face ways, chosen per item by the catalog
    Card {
        visible: screen.phase === "alternatives"
        Layout.fillWidth: true
        Layout.preferredHeight: altText.implicitHeight + 48
        ColumnLayout {
            id: altText
            anchors.fill: parent
            anchors.margins: 24
            spacing: 16
            Text { objectName: "faceWhy"; Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body
                   color: theme.text; text: faceCheck.why }
            Repeater {
                model: faceCheck.alternatives
                KButton {
                    objectName: "fallback_" + modelData.code
                    Layout.fillWidth: true
                    primary: index === 0
                    text: modelData.text
                    onClicked: kiosk.useFallback(modelData.code)
                }
            }
        }
    }

    // ---- the SMS way: a code to the number the platform has on record (shown masked)
    RowLayout {
        visible: screen.phase === "sms"
        Layout.fillWidth: true
        spacing: theme.gap * 1.5
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            spacing: theme.gap
            Text { objectName: "smsText"; Layout.fillWidth: true; wrapMode: Text.Wrap; font.pixelSize: theme.body
                   color: theme.text; text: faceCheck.smsBusy && !faceCheck.smsReady ? qsTr("正在发送验证码……") : faceCheck.smsText }
            TextField {
                id: smsCode
                objectName: "smsCode"
                visible: faceCheck.smsReady
                Layout.preferredWidth: 320
                font.pixelSize: theme.h1; font.family: "monospace"
                readOnly: true                 // typed on the keypad beside it
                placeholderText: "______"
                maximumLength: 6
            }
            KButton {
                objectName: "smsConfirm"
                visible: faceCheck.smsReady
                enabled: smsCode.text.length === 6 && !faceCheck.smsBusy
                text: qsTr("确认")
                onClicked: faceCheck.answerSms(smsCode.text)
            }
        }
        KeyPad {
            visible: faceCheck.smsReady
            Layout.alignment: Qt.AlignTop
            target: smsCode
            prefix: "smsPad"
            maxLength: 6
        }
    }

    MessageBanner { Layout.fillWidth: true }
    Item { Layout.fillHeight: true }
    RowLayout {
        spacing: theme.gap
        KButton { primary: false; text: qsTr("结束办理"); onClicked: kiosk.finish() }
        Item { Layout.fillWidth: true }
        KButton {
            objectName: "faceDecline"
            visible: screen.phase === "consent" || screen.phase === "failed" || screen.phase === "capturing"
            primary: false
            text: qsTr("不刷脸，用其他方式")
            onClicked: faceCheck.decline()
        }
        KButton {
            objectName: "smsBack"
            visible: screen.phase === "sms"
            primary: false
            text: qsTr("‹ 其他方式")
            onClicked: { smsCode.text = ""; faceCheck.backToAlternatives() }
        }
        KButton {
            objectName: "faceRetry"
            visible: screen.phase === "failed"
            text: qsTr("再试一次")
            onClicked: faceCheck.retry()
        }
        KButton {
            objectName: "faceAgree"
            visible: screen.phase === "consent"
            text: qsTr("同意并开始刷脸")
            onClicked: faceCheck.agree()
        }
    }
}
