import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One labelled value on a status card; long values (hashes, paths) elide and can be selected.
ColumnLayout {
    id: root
    property string label
    property string value
    property bool mono: false
    property alias valueObjectName: valueText.objectName
    spacing: Theme.spacingXs

    Label {
        text: root.label
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }
    TextEdit {
        id: valueText
        Layout.fillWidth: true
        text: root.value.length > 0 ? root.value : "—"
        readOnly: true
        selectByMouse: true
        color: Theme.text
        selectionColor: Theme.accent
        selectedTextColor: Theme.accentText
        font.pixelSize: root.mono ? Theme.fontBody - 1 : Theme.fontHeading
        font.family: root.mono ? Theme.monoFamily : Qt.application.font.family
        wrapMode: TextEdit.WrapAnywhere
    }
}
