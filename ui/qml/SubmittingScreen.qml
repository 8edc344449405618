import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    property string voicePrompt: qsTr("正在提交，请稍候。")   // spoken when the screen opens
    spacing: theme.gap * 2
    Item { Layout.fillHeight: true }
    BusyIndicator { Layout.alignment: Qt.AlignHCenter; running: true; implicitWidth: 120; implicitHeight: 120 }
    ScreenTitle { Layout.alignment: Qt.AlignHCenter; text: qsTr("正在提交，请稍候…") }
    Text { Layout.alignment: Qt.AlignHCenter; text: qsTr("请不要离开，也不要取走证件"); font.pixelSize: theme.body; color: theme.muted }
    Item { Layout.fillHeight: true }
}
