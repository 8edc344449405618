import QtQuick
import QtQuick.Layouts

// A large digits keypad (ID numbers, mobile numbers, PINs): 0–9, optionally X (the ID number's check
// character), delete and clear. Edits `target` (a TextField or TextInput) directly.
GridLayout {
    id: pad
    property var target
    property bool withX: false
    property string prefix: "key"         // objectName prefix, e.g. "pin" -> pin_1, pin_ok
    property int maxLength: 18
    signal edited()
    signal accepted()
    columns: 3
    rowSpacing: 10
    columnSpacing: 10
    Repeater {
        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", pad.withX ? "X" : "clear", "0", "back"]
        KButton {
            objectName: pad.prefix + "_" + modelData
            minWidth: theme.touch * 1.6
            // shrinks with the room it is given (never below 60 dp: 适老化), so the screen's own
            // buttons stay on screen in elder mode
            Layout.fillHeight: true
            Layout.preferredHeight: theme.touch
            Layout.minimumHeight: 60
            primary: false
            text: modelData === "clear" ? qsTr("清除") : modelData === "back" ? qsTr("⌫ 删除") : modelData
            onClicked: {
                if (!pad.target) return
                if (modelData === "clear") pad.target.text = ""
                else if (modelData === "back") pad.target.text = pad.target.text.slice(0, -1)
                else if (pad.target.text.length < pad.maxLength) pad.target.text += modelData
                pad.edited()
            }
        }
    }
}
