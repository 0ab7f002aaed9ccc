import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// The Deploy wizard's last step: the order's way from the bid window to a running deployment.
ColumnLayout {
    id: root
    objectName: "deployProgress"
    required property DeployFlow flow
    signal showLeases()
    signal startOver()

    readonly property bool failed: flow.stage === DeployFlow.Failed
    spacing: Theme.spacingM

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingM
        BusyIndicator {
            implicitWidth: 28
            implicitHeight: 28
            running: root.flow.busy
            visible: root.flow.busy
        }
        Label {
            text: root.flow.orderId.length > 0 ? qsTr("Order %1").arg(root.flow.orderId) : qsTr("New order")
            font.pixelSize: Theme.fontHeading
            font.bold: true
            color: Theme.text
        }
        Label {
            objectName: "deployLifecycleState"
            text: root.flow.lifecycleState
            color: Theme.textMuted
            font.family: Theme.monoFamily
        }
        Item { Layout.fillWidth: true }
        Label {
            objectName: "deployCountdown"
            visible: root.flow.stage === DeployFlow.Lookup
            text: qsTr("Window %1 · closes in %n block(s)", "", root.flow.windowBlocksLeft).arg(root.flow.lookupWindow)
            color: Theme.accent
            font.bold: true
        }
    }

    // The five moments of a deployment, the current one in accent.
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacingXs
        Repeater {
            model: [
                { title: qsTr("Sent"), stage: DeployFlow.Submitting },
                { title: qsTr("Bidding"), stage: DeployFlow.Lookup },
                { title: qsTr("Matched"), stage: DeployFlow.Matched },
                { title: qsTr("Manifest upload"), stage: DeployFlow.Uploading },
                { title: qsTr("Deployed"), stage: DeployFlow.Deployed }
            ]
            delegate: Rectangle {
                required property var modelData
                readonly property bool reached: !root.failed && root.flow.stage >= modelData.stage
                Layout.fillWidth: true
                implicitHeight: 6
                radius: 3
                color: reached ? (root.flow.stage === modelData.stage ? Theme.accent : Theme.success) : Theme.border
                Label {
                    anchors.top: parent.bottom
                    anchors.topMargin: Theme.spacingXs
                    text: modelData.title
                    color: parent.reached ? Theme.text : Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
    }

    Label {
        objectName: "deployStatus"
        Layout.topMargin: Theme.spacingL
        Layout.fillWidth: true
        text: root.failed ? root.flow.error : root.flow.status
        color: root.failed ? Theme.danger : Theme.text
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "deployUploadStatus"
        Layout.fillWidth: true
        visible: text.length > 0 && !root.failed
        text: root.flow.uploadStatus
        color: Theme.textMuted
        wrapMode: Text.Wrap
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: Theme.spacingL

        // The bids of the window, lowest first; the winner highlighted.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label {
                text: qsTr("Bids (%1)").arg(root.flow.bids.count)
                font.bold: true
                color: Theme.text
            }
            ListView {
                id: bidList
                objectName: "deployBids"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.flow.bids
                spacing: Theme.spacingXs
                delegate: Rectangle {
                    required property string name
                    required property string pricePerSecond
                    required property string pricePerHour
                    required property bool winner
                    width: ListView.view.width
                    implicitHeight: Theme.headerHeight
                    radius: Theme.radius
                    color: winner ? Theme.successSoft : Theme.surfaceAlt
                    border.color: winner ? Theme.success : Theme.border
                    RowLayout {
                        anchors.fill: parent
                        anchors.leftMargin: Theme.spacingM
                        anchors.rightMargin: Theme.spacingM
                        Label { text: name; color: Theme.text; font.bold: winner }
                        Label { visible: winner; text: qsTr("winner"); color: Theme.success; font.bold: true }
                        Item { Layout.fillWidth: true }
                        Label { text: qsTr("%1 USDC/s · %2 USDC/h").arg(pricePerSecond).arg(pricePerHour); color: Theme.text }
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: bidList.count === 0
                    text: root.flow.stage === DeployFlow.Submitting ? qsTr("The order is not on chain yet.") : qsTr("No bid yet.")
                    color: Theme.textMuted
                }
            }
        }

        // "Why no bids": each provider that has not bid, with the rule that keeps it out.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.flow.excluded.count > 0
            Label {
                text: root.flow.excludedTotal > root.flow.excluded.count
                      ? qsTr("Why no bids from the others (first %1 of %2)").arg(root.flow.excluded.count).arg(root.flow.excludedTotal)
                      : qsTr("Why no bids from the others")
                font.bold: true
                color: Theme.text
            }
            ListView {
                objectName: "deployExcluded"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.flow.excluded
                spacing: Theme.spacingXs
                ScrollBar.vertical: ScrollBar {}
                delegate: ColumnLayout {
                    required property string name
                    required property string reason
                    width: ListView.view.width
                    spacing: 0
                    Label { text: name; color: Theme.text; font.bold: true }
                    Label {
                        Layout.fillWidth: true
                        text: reason
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }

    // Where the deployment answers, once the provider posted it.
    ColumnLayout {
        Layout.fillWidth: true
        visible: root.flow.urls.length > 0
        Label { text: qsTr("Access"); font.bold: true; color: Theme.text }
        Repeater {
            model: root.flow.urls
            delegate: Label {
                required property string modelData
                objectName: "deployUrl"
                text: "<a href=\"%1\">%1</a>".arg(modelData)
                textFormat: Text.StyledText
                linkColor: Theme.accent
                onLinkActivated: link => Qt.openUrlExternally(link)
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Item { Layout.fillWidth: true }
        Button {
            objectName: "deployShowLeases"
            text: qsTr("Show in Leases")
            visible: root.flow.orderId.length > 0
            onClicked: root.showLeases()
        }
        Button {
            objectName: "deployStartOver"
            text: root.failed ? qsTr("Change the order") : qsTr("New deployment")
            enabled: root.flow.stage !== DeployFlow.Submitting
            onClicked: root.startOver()
        }
    }
}
