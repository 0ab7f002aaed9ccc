import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Berth

// The identity's money: balances, the escrow each lease holds, a chart of escrow and spend
// over time, and the history of transfers, deposits, refunds and earnings.
Item {
    id: page
    objectName: "walletPage"
    readonly property var series: NodeHost.account.spendSeries

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM
        visible: NodeHost.running

        PageHeader {
            Layout.fillWidth: true
            title: qsTr("Wallet")
        }

        Card {
            Layout.fillWidth: true
            GridLayout {
                Layout.fillWidth: true
                columns: 5
                columnSpacing: Theme.spacingXl
                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("USDC balance")
                    value: NodeHost.account.usdc
                    valueObjectName: "usdcBalance"
                }
                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("POND balance")
                    value: NodeHost.account.pond
                    valueObjectName: "pondBalance"
                }
                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Staked (POND)")
                    value: NodeHost.account.stake
                    valueObjectName: "stakeBalance"
                }
                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Escrow held (USDC)")
                    value: NodeHost.account.escrowHeld
                    valueObjectName: "escrowHeld"
                }
                ValueField {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    label: qsTr("Spent on leases (USDC)")
                    value: NodeHost.account.spent
                    valueObjectName: "spentTotal"
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacingL

            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: Theme.spacingM

                Card {
                    Layout.fillWidth: true
                    Layout.preferredHeight: 320
                    stretch: true
                    title: qsTr("Escrow and spend over time")
                    subtitle: qsTr("sampled every block since %1 was chosen").arg(NodeHost.identity)

                    ChartView {
                        id: chart
                        objectName: "spendChart"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        antialiasing: true
                        backgroundColor: Theme.surface
                        plotAreaColor: Theme.surface
                        legend.alignment: Qt.AlignBottom
                        legend.labelColor: Theme.text
                        margins.top: 0
                        margins.bottom: 0
                        margins.left: 0
                        margins.right: 0

                        DateTimeAxis {
                            id: timeAxis
                            format: "hh:mm:ss"
                            tickCount: 5
                            labelsColor: Theme.textMuted
                            min: page.series.count > 0 ? page.series.minTime : new Date()
                            max: page.series.count > 0 ? page.series.maxTime : new Date()
                        }
                        ValueAxis {
                            id: usdcAxis
                            min: 0
                            max: page.series.maxValue
                            tickCount: 5
                            labelFormat: "%.2f"
                            labelsColor: Theme.textMuted
                            titleText: qsTr("USDC")
                        }
                        LineSeries {
                            id: escrowLine
                            name: qsTr("Escrow held")
                            axisX: timeAxis
                            axisY: usdcAxis
                            color: Theme.accent
                            width: 2
                        }
                        LineSeries {
                            id: spentLine
                            name: qsTr("Spent")
                            axisX: timeAxis
                            axisY: usdcAxis
                            color: Theme.warning
                            width: 2
                        }
                        VXYModelMapper {
                            model: page.series
                            series: escrowLine
                            xColumn: 0
                            yColumn: 1
                        }
                        VXYModelMapper {
                            model: page.series
                            series: spentLine
                            xColumn: 0
                            yColumn: 2
                        }
                    }
                }

                Card {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    stretch: true
                    title: qsTr("Escrow per lease")

                    ListView {
                        id: leaseEscrowList
                        objectName: "walletLeaseList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        model: NodeHost.leases
                        clip: true
                        spacing: Theme.spacingXs
                        boundsBehavior: Flickable.StopAtBounds
                        ScrollBar.vertical: ScrollBar {}
                        header: RowLayout {
                            width: ListView.view.width
                            spacing: Theme.spacingM
                            Repeater {
                                model: [qsTr("Lease"), qsTr("State"), qsTr("Escrow left"), qsTr("Spent"), qsTr("Runs out in")]
                                delegate: Label {
                                    required property string modelData
                                    Layout.fillWidth: true
                                    Layout.preferredWidth: 1
                                    text: modelData
                                    color: Theme.textMuted
                                    font.pixelSize: Theme.fontSmall
                                }
                            }
                        }
                        delegate: RowLayout {
                            required property string leaseId
                            required property string leaseState
                            required property string escrow
                            required property string spent
                            required property string timeLeft
                            required property bool lowEscrow
                            objectName: "walletLease_" + leaseId
                            width: ListView.view.width
                            spacing: Theme.spacingM
                            Label { Layout.fillWidth: true; Layout.preferredWidth: 1; text: "#" + leaseId; font.bold: true; color: Theme.text }
                            Label { Layout.fillWidth: true; Layout.preferredWidth: 1; text: leaseState; color: Theme.textMuted; elide: Text.ElideRight }
                            Label { objectName: "leaseEscrow"; Layout.fillWidth: true; Layout.preferredWidth: 1; text: qsTr("%1 USDC").arg(escrow); color: lowEscrow ? Theme.warning : Theme.text }
                            Label { Layout.fillWidth: true; Layout.preferredWidth: 1; text: qsTr("%1 USDC").arg(spent); color: Theme.text }
                            Label { Layout.fillWidth: true; Layout.preferredWidth: 1; text: timeLeft.length > 0 ? timeLeft : "—"; color: Theme.textMuted }
                        }
                        Label {
                            anchors.centerIn: parent
                            visible: leaseEscrowList.count === 0
                            text: qsTr("No leases: escrow appears here once %1 places an order.").arg(NodeHost.identity)
                            color: Theme.textMuted
                        }
                    }
                }
            }

            Card {
                Layout.preferredWidth: Theme.eventPanelWidth
                Layout.fillHeight: true
                stretch: true
                title: qsTr("History")

                ListView {
                    id: historyList
                    objectName: "historyList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    model: NodeHost.account.history
                    clip: true
                    spacing: Theme.spacingS
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar {}
                    delegate: ColumnLayout {
                        required property string blockHeight
                        required property string title
                        required property string amount
                        required property string direction
                        required property string leaseId
                        required property string details
                        width: ListView.view.width
                        spacing: 2
                        RowLayout {
                            Layout.fillWidth: true
                            Label {
                                Layout.fillWidth: true
                                text: leaseId.length > 0 ? qsTr("%1 · lease #%2").arg(title).arg(leaseId) : title
                                font.bold: true
                                font.pixelSize: Theme.fontSmall
                                color: Theme.text
                                elide: Text.ElideRight
                            }
                            Label {
                                text: amount
                                font.pixelSize: Theme.fontSmall
                                font.bold: true
                                color: direction === "in" ? Theme.success : direction === "out" ? Theme.danger : Theme.text
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: details.length > 0 ? qsTr("height %1 · %2").arg(blockHeight).arg(details) : qsTr("height %1").arg(blockHeight)
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
                        visible: historyList.count === 0
                        text: qsTr("No transfers, deposits or refunds yet.")
                        color: Theme.textMuted
                    }
                }
            }
        }
    }

    StatePlaceholder {
        objectName: "walletStatePlaceholder"
        anchors.fill: parent
        visible: !NodeHost.running
        busy: NodeHost.loading
        isError: NodeHost.error.length > 0
        title: NodeHost.error.length > 0 ? qsTr("The node stopped") : qsTr("Loading the wallet…")
        message: NodeHost.error
    }
}
