import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// What a lease's replicas print, live from its provider: the last lines at once, then each new
// one; pause to read without the list moving, a filter, copy, and each replica's health.
Popup {
    id: dialog
    objectName: "leaseLogsDialog"
    modal: true
    focus: true
    padding: Theme.spacingL
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    onClosed: NodeHost.closeLogs()

    function openFor(leaseId) {
        filterField.text = ""
        NodeHost.openLogs(leaseId)
        open()
    }

    background: Rectangle { color: Theme.surface; border.color: Theme.border; radius: Theme.radius }

    LogFilterProxy {
        id: shown
        objectName: "logFilter"
        sourceModel: NodeHost.logs
        text: filterField.text
    }

    // For the clipboard: QML has no clipboard of its own outside a text editor.
    TextEdit { id: clipboardHelper; visible: false }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingS

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingS
            Label {
                text: qsTr("Logs of lease #%1").arg(NodeHost.logsLease)
                font.pixelSize: Theme.fontHeading
                font.bold: true
                color: Theme.text
            }
            Item { Layout.fillWidth: true }
            TextField {
                id: filterField
                objectName: "logFilterField"
                Layout.preferredWidth: 2 * Theme.fieldWidth
                placeholderText: qsTr("Filter lines")
                selectByMouse: true
            }
            Button {
                objectName: "logPauseButton"
                text: NodeHost.logs.paused ? qsTr("Follow (%1 new)").arg(NodeHost.logs.waiting) : qsTr("Pause")
                onClicked: NodeHost.logs.paused = !NodeHost.logs.paused
            }
            Button {
                objectName: "logCopyButton"
                text: qsTr("Copy")
                enabled: shown.count > 0
                onClicked: {
                    clipboardHelper.text = shown.shownText()
                    clipboardHelper.selectAll()
                    clipboardHelper.copy()
                }
            }
            Button {
                objectName: "logCloseButton"
                text: qsTr("Close")
                onClicked: dialog.close()
            }
        }

        Label {
            objectName: "logReplicas"
            Layout.fillWidth: true
            visible: text.length > 0
            text: NodeHost.logReplicas.join("   ")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "logStatus"
            Layout.fillWidth: true
            visible: text.length > 0
            text: NodeHost.logsStatus
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: Theme.surfaceAlt
            border.color: Theme.border
            radius: Theme.radius

            ListView {
                id: lines
                objectName: "logLines"
                anchors.fill: parent
                anchors.margins: Theme.spacingS
                clip: true
                model: shown
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}
                // Following: the newest line stays in view unless the reader paused.
                onCountChanged: if (!NodeHost.logs.paused) positionViewAtEnd()
                delegate: Text {
                    required property string time
                    required property string source
                    required property string stream
                    required property string line
                    width: ListView.view.width
                    text: time + "  " + source + "  " + line
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    color: stream === "stderr" ? Theme.danger : stream === "runtime" ? Theme.textMuted : Theme.text
                    wrapMode: Text.WrapAnywhere
                    textFormat: Text.PlainText
                }
            }
            Label {
                anchors.centerIn: parent
                visible: lines.count === 0 && NodeHost.logsStatus.length === 0
                text: filterField.text.length > 0 ? qsTr("No line matches the filter") : qsTr("Nothing printed yet")
                color: Theme.textMuted
            }
        }
    }
}
