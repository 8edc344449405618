import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

ApplicationWindow {
    id: win
    objectName: "kioskWindow"
    width: 1280
    height: 800
    visible: true
    title: qsTr("政务服务自助终端")
    color: theme.bg

    // One place for colours and sizes. Elder mode (大字版) scales every size by 1.4:
    // headings 45 px (≈ 34 pt), body 28 px (≈ 21 pt), touch targets ≥ 100 px.
    QtObject {
        id: theme
        property real s: kiosk.elderMode ? 1.4 : 1.0
        readonly property color primary: "#0b5cad"
        readonly property color primaryDark: "#08457f"
        readonly property color bg: "#eef3f9"
        readonly property color card: "#ffffff"
        readonly property color text: "#1d2733"
        readonly property color muted: "#465463"
        readonly property color danger: "#b3261e"
        readonly property color ok: "#1e6b30"
        readonly property color line: "#c9d3de"
        readonly property int h1: Math.round(32 * s)
        readonly property int h2: Math.round(25 * s)
        readonly property int body: Math.round(20 * s)
        readonly property int small: Math.round(17 * s)
        readonly property int touch: Math.round(72 * s)
        readonly property int gap: Math.round(16 * s)
    }

    header: TopBar {}
    footer: StatusBar { visible: !keyboard.active }     // the keyboard takes the bottom of the screen

    Loader {
        id: content
        objectName: "screenLoader"
        anchors.fill: parent
        anchors.margins: 24
        anchors.bottomMargin: keyboard.active ? keyboard.height + 8 : 24     // the field being typed stays visible
        source: ({
            home: "HomeScreen.qml", catalog: "CatalogScreen.qml", guide: "GuideScreen.qml",
            identify: "IdentifyScreen.qml", verify: "VerifyScreen.qml", enterprise: "EnterpriseScreen.qml", form: "FormScreen.qml",
            review: "ReviewScreen.qml", submitting: "SubmittingScreen.qml", result: "ResultScreen.qml",
            rate: "RateScreen.qml", progress: "ProgressScreen.qml", technician: "TechnicianLoginScreen.qml",
            maintenance: "MaintenanceScreen.qml", outOfService: "OutOfServiceScreen.qml"
        })[kiosk.screen] || "HomeScreen.qml"
    }

    // A card left on a reader after the visit: asked for on the screen and by voice (again every 8 s for a
    // minute) until the reader says it was taken. Not modal: the next person can already start.
    Rectangle {
        id: takeCard
        objectName: "takeCardBanner"
        readonly property var cards: kiosk.takeCards
        readonly property string words: cards.length > 1 ? qsTr("请取走您的身份证和社保卡")
                                       : cards[0] === "sscard" ? qsTr("请取走您的社保卡") : qsTr("请取走您的身份证")
        visible: cards.length > 0
        z: 80
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: takeCardText.implicitHeight + 40
        color: theme.danger
        Text {
            id: takeCardText
            objectName: "takeCardText"
            anchors.centerIn: parent
            width: parent.width - 48
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: "⚠ " + takeCard.words
            font.pixelSize: theme.h1
            font.bold: true
            color: "#ffffff"
        }
        property int said: 0
        function remindNow() {
            if (!visible) return
            voice.say(words, kiosk.lang)
            if (++said >= 8) remind.stop()
        }
        // callLater: after the session's end has stopped the voice and the home screen said its welcome
        onVisibleChanged: { said = 0; if (visible) { Qt.callLater(remindNow); remind.restart() } else remind.stop() }
        Timer { id: remind; interval: 8000; repeat: true; onTriggered: takeCard.remindNow() }
    }

    // The time limit's warning (适老化: warn, and let the person ask for more time).
    Rectangle {
        objectName: "timeWarning"
        anchors.fill: parent
        visible: kiosk.timeWarning > 0
        color: "#99000000"
        MouseArea { anchors.fill: parent }       // the screen below waits while the question is asked
        Card {
            anchors.centerIn: parent
            width: Math.min(parent.width - 80, 720 * theme.s)
            height: warningColumn.implicitHeight + 64
            ColumnLayout {
                id: warningColumn
                anchors.fill: parent
                anchors.margins: 32
                spacing: theme.gap
                ScreenTitle { text: qsTr("您还需要更多时间吗？"); Layout.alignment: Qt.AlignHCenter }
                Text {
                    Layout.fillWidth: true
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    font.pixelSize: theme.body
                    color: theme.text
                    text: qsTr("%1 秒后将自动结束办理，并清除您在本机留下的全部信息。").arg(kiosk.timeWarning)
                }
                RowLayout {
                    Layout.alignment: Qt.AlignHCenter
                    spacing: theme.gap
                    KButton { primary: false; text: qsTr("结束办理"); onClicked: kiosk.finish() }
                    KButton { objectName: "moreTime"; text: qsTr("需要更多时间"); onClicked: kiosk.moreTime() }
                }
            }
        }
    }

    // The on-screen keyboard: pinyin (zh_CN) first, English second; digits fields use our keypad.
    InputPanel {
        id: keyboard
        objectName: "keyboard"
        z: 90
        // Its height and its letters follow its width: narrower than the screen in the standard mode
        // so the results of what is typed stay visible above it; full width (larger letters) in elder mode.
        width: kiosk.elderMode ? parent.width : Math.min(parent.width, 960)
        x: (parent.width - width) / 2
        y: active ? parent.height - height : parent.height
    }
    Binding { target: VirtualKeyboardSettings; property: "activeLocales"; value: ["zh_CN", "en_US"] }
    Binding { target: VirtualKeyboardSettings; property: "locale"; value: kiosk.lang === "en" ? "en_US" : "zh_CN" }
    Connections {
        target: kiosk
        function onSessionEnded() {             // nothing typed survives the person
            Qt.inputMethod.reset()
            Qt.inputMethod.hide()
            VirtualKeyboardSettings.userDataReset()
            voice.stop()
        }
    }

    // Voice guidance: each screen's prompt when it opens (again when the language changes), every
    // message, and the time warning. Never anything a person entered.
    function speakScreen() {
        if (content.item && content.item.voicePrompt) voice.say(content.item.voicePrompt, kiosk.lang)
    }
    Connections {
        target: content
        function onLoaded() {
            Qt.inputMethod.hide()            // a new screen starts without the keyboard over it
            win.speakScreen()
        }
    }
    property string spokenLanguage: kiosk.lang
    onSpokenLanguageChanged: Qt.callLater(speakScreen)     // after the new translation is installed
    property string spokenMessage: kiosk.message
    onSpokenMessageChanged: if (spokenMessage) voice.say(spokenMessage, kiosk.lang)
    property bool warning: kiosk.timeWarning > 0
    onWarningChanged: if (warning) voice.say(qsTr("您还需要更多时间吗？如需继续办理，请点击需要更多时间。"), kiosk.lang)
}
