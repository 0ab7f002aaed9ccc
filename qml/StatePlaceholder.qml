import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A centred message for a list with nothing to show: loading, an error, or no matches.
Item {
    id: root
    property string title
    property string message
    property bool busy: false
    property bool isError: false
    property alias actionText: action.text
    signal actionTriggered()

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.spacingXl, 520)
        spacing: Theme.spacingS

        BusyIndicator {
            Layout.alignment: Qt.AlignHCenter
            running: root.busy
            visible: root.busy
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: root.title
            font.pixelSize: Theme.fontHeading
            font.bold: true
            color: root.isError ? Theme.danger : Theme.text
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: root.message
            visible: text.length > 0
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }
        Button {
            id: action
            Layout.alignment: Qt.AlignHCenter
            visible: text.length > 0
            onClicked: root.actionTriggered()
        }
    }
}
