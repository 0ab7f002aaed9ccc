import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// The current identity's leases as cards, newest first, with the selected lease's event log beside them.
Item {
    id: page
    objectName: "leasesPage"

    // The lease whose events the log shows; the newest one until the user picks another.
    property string selectedLeaseId: ""
    readonly property string shownLeaseId: selectedLeaseId.length > 0 ? selectedLeaseId : NodeHost.leases.newestLeaseId

    Binding {
        target: NodeHost.leaseEvents
        property: "leaseId"
        value: page.shownLeaseId
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            Label {
                text: qsTr("Leases")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            Label {
                objectName: "identityLabel"
                text: qsTr("as %1").arg(NodeHost.identity)
                color: Theme.textMuted
            }
            Item { Layout.fillWidth: true }
            Label {
                text: qsTr("Leases: %1").arg(NodeHost.leases.count)
                visible: NodeHost.leases.count > 0
                color: Theme.textMuted
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingL

            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true

                ListView {
                    id: leaseList
                    objectName: "leaseList"
                    anchors.fill: parent
                    model: NodeHost.leases
                    spacing: Theme.spacingM
                    clip: true
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar {}
                    delegate: LeaseCard {
                        width: ListView.view.width - Theme.spacingM
                        selected: leaseId === page.shownLeaseId
                        onPicked: page.selectedLeaseId = leaseId
                        onLogsRequested: logsDialog.openFor(leaseId)
                    }
                }

                StatePlaceholder {
                    objectName: "leasesStatePlaceholder"
                    anchors.fill: parent
                    visible: leaseList.count === 0
                    busy: NodeHost.loading
                    isError: NodeHost.error.length > 0
                    title: NodeHost.error.length > 0 ? qsTr("The node stopped")
                         : NodeHost.loading ? qsTr("Loading leases…")
                         : qsTr("No leases yet — rent an instance from the Marketplace")
                    message: NodeHost.error.length > 0 ? NodeHost.error
                           : NodeHost.loading ? "" : qsTr("Leases of %1 appear here as soon as an order is placed.").arg(NodeHost.identity)
                }
            }

            Rectangle {
                objectName: "leaseEventPanel"
                Layout.preferredWidth: Theme.eventPanelWidth
                Layout.fillHeight: true
                color: Theme.surface
                border.color: Theme.border
                radius: Theme.radius
                clip: true

                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: Theme.spacingM
                    spacing: Theme.spacingS

                    Label {
                        text: page.shownLeaseId.length > 0 ? qsTr("Events of lease #%1").arg(page.shownLeaseId) : qsTr("Events")
                        font.pixelSize: Theme.fontHeading
                        font.bold: true
                        color: Theme.text
                    }
                    ListView {
                        id: eventList
                        objectName: "leaseEventList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        model: NodeHost.leaseEvents
                        clip: true
                        spacing: Theme.spacingS
                        boundsBehavior: Flickable.StopAtBounds
                        ScrollBar.vertical: ScrollBar {}
                        delegate: ColumnLayout {
                            required property string blockHeight
                            required property string name
                            required property string details
                            width: ListView.view.width
                            spacing: 2
                            RowLayout {
                                Layout.fillWidth: true
                                Label {
                                    text: name
                                    font.bold: true
                                    font.pixelSize: Theme.fontSmall
                                    color: name === "SLASHED" ? Theme.danger : Theme.text
                                }
                                Item { Layout.fillWidth: true }
                                Label {
                                    text: qsTr("height %1").arg(blockHeight)
                                    font.pixelSize: Theme.fontSmall
                                    color: Theme.textMuted
                                }
                            }
                            Label {
                                Layout.fillWidth: true
                                text: details
                                visible: details.length > 0
                                font.pixelSize: Theme.fontSmall
                                color: Theme.textMuted
                                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            }
                        }
                        Label {
                            anchors.centerIn: parent
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            wrapMode: Text.Wrap
                            visible: eventList.count === 0
                            text: qsTr("No events for this lease since the app started.")
                            color: Theme.textMuted
                        }
                    }
                }
            }
        }
    }

    LeaseLogsDialog {
        id: logsDialog
        parent: Overlay.overlay
        x: Math.round((parent.width - width) / 2)
        y: Math.round((parent.height - height) / 2)
        width: Math.round(parent.width * 0.8)
        height: Math.round(parent.height * 0.75)
    }
}
