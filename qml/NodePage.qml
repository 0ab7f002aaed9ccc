import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// The embedded node: where the chain is, where its data lives, and the events as blocks commit.
Item {
    id: page
    objectName: "nodePage"

    // Widths of the event list's fixed columns; details take the rest.
    readonly property var eventColumns: [72, 236, 64, 150]

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            Label {
                text: qsTr("Node")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            Label {
                objectName: "nodeStateLabel"
                text: NodeHost.error.length > 0 ? qsTr("Stopped")
                    : NodeHost.running && NodeHost.ordering === "etcd" ? (NodeHost.inStep ? qsTr("In step with network %1").arg(NodeHost.chainId)
                                                                                          : qsTr("Catching up with network %1").arg(NodeHost.chainId))
                    : NodeHost.running && NodeHost.ordering === "follower" ? qsTr("Following %1").arg(NodeHost.chainId)
                    : NodeHost.running ? qsTr("Producing blocks on %1").arg(NodeHost.chainId)
                    : qsTr("Starting…")
                color: NodeHost.error.length > 0 ? Theme.danger : (NodeHost.running && NodeHost.inStep ? Theme.success : Theme.warning)
            }
            Item { Layout.fillWidth: true }
        }

        Rectangle {
            Layout.fillWidth: true
            visible: NodeHost.error.length > 0
            implicitHeight: nodeError.implicitHeight + 2 * Theme.spacingS
            radius: Theme.radius
            color: Theme.dangerSoft
            Label {
                id: nodeError
                objectName: "nodeErrorLabel"
                anchors.fill: parent
                anchors.margins: Theme.spacingS
                text: qsTr("The node stopped: %1").arg(NodeHost.error)
                color: Theme.danger
                wrapMode: Text.Wrap
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: statusGrid.implicitHeight + 2 * Theme.spacingL
            color: Theme.surface
            border.color: Theme.border
            radius: Theme.radius

            GridLayout {
                id: statusGrid
                anchors.fill: parent
                anchors.margins: Theme.spacingL
                columns: 4
                columnSpacing: Theme.spacingXl
                rowSpacing: Theme.spacingL

                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Height")
                    value: NodeHost.running || NodeHost.height > 0 ? NodeHost.height : ""
                    valueObjectName: "heightValue"
                }
                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Block time")
                    value: NodeHost.blockTimeMs > 0 ? qsTr("%1 ms").arg(NodeHost.blockTimeMs) : ""
                    valueObjectName: "blockTimeValue"
                }
                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Mempool (transactions)")
                    value: NodeHost.running ? NodeHost.mempoolSize : ""
                    valueObjectName: "mempoolValue"
                }
                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Last block (UTC)")
                    value: NodeHost.lastBlockTime.replace("T", " ").replace("Z", "")
                    valueObjectName: "lastBlockValue"
                }
                ValueField {
                    Layout.columnSpan: 4
                    Layout.fillWidth: true
                    label: qsTr("State root")
                    value: NodeHost.stateRoot
                    mono: true
                    valueObjectName: "stateRootValue"
                }
                ValueField {
                    Layout.columnSpan: 2
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Network")
                    value: NodeHost.ordering === "etcd" ? qsTr("%1, ordered by etcd").arg(NodeHost.chainId)
                         : NodeHost.ordering === "follower" ? qsTr("%1, following a node").arg(NodeHost.chainId)
                         : NodeHost.running ? qsTr("%1, the local devnet").arg(NodeHost.chainId) : ""
                    valueObjectName: "networkValue"
                }
                ValueField {
                    Layout.columnSpan: 2
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Block producer")
                    value: NodeHost.ordering !== "etcd" ? (NodeHost.running ? qsTr("this node") : "")
                         : NodeHost.leading ? qsTr("this node (%1)").arg(NodeHost.leader)
                         : NodeHost.leader.length > 0 ? NodeHost.leader : qsTr("none: an election is under way")
                    mono: NodeHost.ordering === "etcd"
                    valueObjectName: "leaderValue"
                }
                ValueField {
                    Layout.columnSpan: 4
                    Layout.fillWidth: true
                    visible: NodeHost.ordering === "etcd"
                    label: qsTr("etcd members")
                    value: NodeHost.orderingMembers.join("   ")
                    mono: true
                    valueObjectName: "etcdMembersValue"
                }
                ValueField {
                    Layout.columnSpan: 2
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Data directory")
                    value: NodeHost.dataDirectory
                    mono: true
                    valueObjectName: "dataDirectoryValue"
                }
                ValueField {
                    Layout.columnSpan: 2
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("RPC")
                    value: NodeHost.rpcUrl
                    mono: true
                    valueObjectName: "rpcUrlValue"
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Live events")
                font.pixelSize: Theme.fontHeading
                font.bold: true
                color: Theme.text
            }
            Label {
                objectName: "eventCountLabel"
                text: qsTr("latest %1, newest first").arg(NodeHost.events.count)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: Theme.surface
            border.color: Theme.border
            radius: Theme.radius
            clip: true

            ColumnLayout {
                anchors.fill: parent
                anchors.margins: 1
                spacing: 0

                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: Theme.headerHeight
                    color: Theme.surfaceAlt
                    Row {
                        anchors.fill: parent
                        anchors.leftMargin: Theme.spacingM
                        Repeater {
                            model: [qsTr("Height"), qsTr("Event"), qsTr("Lease"), qsTr("Account"), qsTr("Details")]
                            delegate: Label {
                                required property string modelData
                                required property int index
                                width: index < 4 ? page.eventColumns[index] : 200
                                height: parent.height
                                verticalAlignment: Text.AlignVCenter
                                text: modelData
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontSmall
                            }
                        }
                    }
                }

                ListView {
                    id: eventList
                    objectName: "eventList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    model: NodeHost.events
                    clip: true
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar {}

                    delegate: Rectangle {
                        id: eventRow
                        required property string blockHeight
                        required property string name
                        required property string leaseId
                        required property string account
                        required property string details
                        width: ListView.view.width
                        implicitHeight: 30
                        color: Theme.surface

                        Row {
                            anchors.fill: parent
                            anchors.leftMargin: Theme.spacingM
                            Label {
                                width: page.eventColumns[0]
                                anchors.verticalCenter: parent.verticalCenter
                                text: eventRow.blockHeight
                                font.family: Theme.monoFamily
                                color: Theme.textMuted
                            }
                            Label {
                                width: page.eventColumns[1]
                                anchors.verticalCenter: parent.verticalCenter
                                text: eventRow.name
                                font.bold: true
                                color: eventRow.name === "SLASHED" ? Theme.danger : Theme.text
                                elide: Text.ElideRight
                            }
                            Label {
                                width: page.eventColumns[2]
                                anchors.verticalCenter: parent.verticalCenter
                                text: eventRow.leaseId.length > 0 ? "#" + eventRow.leaseId : ""
                                color: Theme.text
                            }
                            Label {
                                width: page.eventColumns[3]
                                anchors.verticalCenter: parent.verticalCenter
                                text: eventRow.account.length > 18
                                      ? eventRow.account.substring(0, 11) + "…" + eventRow.account.substring(eventRow.account.length - 4)
                                      : eventRow.account
                                font.family: Theme.monoFamily
                                font.pixelSize: Theme.fontSmall
                                color: Theme.textMuted
                            }
                            Label {
                                width: eventRow.width - page.eventColumns.reduce((a, b) => a + b, 0) - 2 * Theme.spacingM
                                anchors.verticalCenter: parent.verticalCenter
                                text: eventRow.details
                                color: Theme.text
                                font.pixelSize: Theme.fontSmall
                                elide: Text.ElideRight
                            }
                        }
                        Rectangle {
                            anchors.bottom: parent.bottom
                            width: parent.width
                            height: 1
                            color: Theme.border
                        }
                    }

                    Label {
                        anchors.centerIn: parent
                        visible: eventList.count === 0
                        text: NodeHost.running ? qsTr("No events yet. They appear here as blocks commit.") : qsTr("Waiting for the node…")
                        color: Theme.textMuted
                    }
                }
            }
        }
    }
}
