import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// One lease of the current identity: where it is in the lifecycle, what it costs, how long
// the escrow lasts, its URLs, and the top-up, update and close actions with their results.
Rectangle {
    id: card
    required property string leaseId
    required property string leaseState
    required property var timeline
    required property bool closed
    required property string closeReason
    required property string instanceType
    required property string providerName
    required property string providerAddress
    required property string pricePerSecond
    required property string pricePerHour
    required property var urls
    required property string escrow
    required property string spent
    required property string timeLeft
    required property bool lowEscrow
    required property string updateRefusal
    required property bool canTopUp
    required property bool canClose
    required property bool canUpdate
    required property int replicas
    required property string maxPricePerSecond
    required property string actionMessage
    required property bool actionFailed
    property bool selected: false
    signal picked()
    signal logsRequested()

    objectName: "leaseCard_" + leaseId
    implicitHeight: content.implicitHeight + 2 * Theme.spacingL
    radius: Theme.radius
    color: Theme.surface
    border.color: selected ? Theme.accent : Theme.border
    border.width: selected ? 2 : 1

    // The top-up field's problem, as NodeHost's validation states it.
    property string validation: ""
    property bool confirmingClose: false
    property bool editingTerms: false

    TapHandler { onTapped: card.picked() }

    ColumnLayout {
        id: content
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            Label {
                text: qsTr("Lease #%1").arg(card.leaseId)
                font.pixelSize: Theme.fontHeading
                font.bold: true
                color: Theme.text
            }
            Label {
                objectName: "providerLabel"
                Layout.fillWidth: true
                text: card.providerName.length > 0
                      ? qsTr("%1 from %2 (%3)").arg(card.instanceType).arg(card.providerName).arg(card.providerAddress)
                      : card.instanceType
                color: Theme.textMuted
                elide: Text.ElideRight
            }
            Label {
                objectName: "leaseStateLabel"
                text: card.closed && card.closeReason.length > 0
                      ? qsTr("%1 · reason: %2").arg(card.leaseState).arg(card.closeReason)
                      : card.leaseState
                font.bold: true
                color: card.closed ? Theme.textMuted : Theme.success
            }
        }

        // The lifecycle as a row of steps; the current one is filled.
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingXs
            Repeater {
                model: card.timeline
                delegate: Row {
                    required property var modelData
                    required property int index
                    spacing: Theme.spacingXs
                    Label {
                        visible: index > 0
                        text: "→"
                        color: Theme.textMuted
                        anchors.verticalCenter: parent.verticalCenter
                    }
                    Rectangle {
                        radius: Theme.radius
                        implicitWidth: stepLabel.implicitWidth + 2 * Theme.spacingS
                        implicitHeight: stepLabel.implicitHeight + Theme.spacingXs
                        color: modelData.status === "current" ? Theme.accent
                             : modelData.status === "done" ? Theme.accentSoft : Theme.surfaceAlt
                        border.color: modelData.status === "todo" ? Theme.border : "transparent"
                        Label {
                            id: stepLabel
                            anchors.centerIn: parent
                            text: modelData.name
                            font.pixelSize: Theme.fontSmall
                            font.bold: modelData.status === "current"
                            color: modelData.status === "current" ? Theme.accentText
                                 : modelData.status === "done" ? Theme.accent : Theme.textMuted
                        }
                    }
                }
            }
        }

        GridLayout {
            Layout.fillWidth: true
            columns: 4
            columnSpacing: Theme.spacingXl
            rowSpacing: Theme.spacingS

            ValueField {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                label: qsTr("Price")
                value: card.pricePerSecond.length > 0
                       ? qsTr("%1 USDC/h\n%2 USDC/s").arg(card.pricePerHour).arg(card.pricePerSecond) : ""
                valueObjectName: "priceValue"
            }
            ValueField {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                label: qsTr("Escrow left")
                value: qsTr("%1 USDC").arg(card.escrow)
                valueObjectName: "escrowValue"
            }
            ValueField {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                label: qsTr("Spent so far")
                value: qsTr("%1 USDC").arg(card.spent)
                valueObjectName: "spentValue"
            }
            ValueField {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                label: qsTr("Escrow runs out in")
                value: card.timeLeft.length > 0 ? card.timeLeft
                     : card.closed ? "" : qsTr("not billing yet")
                valueObjectName: "timeLeftValue"
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            visible: card.urls.length > 0
            spacing: Theme.spacingXs
            Label {
                text: qsTr("Access")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            Repeater {
                model: card.urls
                delegate: Label {
                    required property string modelData
                    text: "<a href=\"" + modelData + "\">" + modelData + "</a>"
                    textFormat: Text.StyledText
                    linkColor: Theme.accent
                    onLinkActivated: (link) => Qt.openUrlExternally(link)
                    HoverHandler { cursorShape: Qt.PointingHandCursor }
                }
            }
        }

        Rectangle {
            objectName: "updateRefusedNotice"
            Layout.fillWidth: true
            visible: card.updateRefusal.length > 0
            implicitHeight: refusalLabel.implicitHeight + 2 * Theme.spacingS
            radius: Theme.radius
            color: Theme.warningSoft
            Label {
                id: refusalLabel
                anchors.fill: parent
                anchors.margins: Theme.spacingS
                text: qsTr("The provider refused your last update: %1. The lease runs on its previous terms.").arg(card.updateRefusal)
                color: Theme.warning
                wrapMode: Text.Wrap
            }
        }

        Rectangle {
            objectName: "lowEscrowWarning"
            Layout.fillWidth: true
            visible: card.lowEscrow
            implicitHeight: warningLabel.implicitHeight + 2 * Theme.spacingS
            radius: Theme.radius
            color: Theme.warningSoft
            Label {
                id: warningLabel
                anchors.fill: parent
                anchors.margins: Theme.spacingS
                text: qsTr("The escrow runs dry in %1. Top up to keep the lease running.").arg(card.timeLeft)
                color: Theme.warning
                wrapMode: Text.Wrap
            }
        }

        RowLayout {
            Layout.fillWidth: true
            visible: card.canTopUp || card.canClose
            spacing: Theme.spacingS

            TextField {
                id: topUpField
                objectName: "topUpField"
                visible: card.canTopUp
                Layout.preferredWidth: Theme.fieldWidth
                placeholderText: qsTr("Amount (USDC)")
                AmountInput {
                    id: topUpAmount
                    kind: AmountInput.Usdc
                    required: false
                    text: topUpField.text
                    onChanged: card.validation = error
                }
                onAccepted: topUpButton.clicked()
            }
            Button {
                id: topUpButton
                objectName: "topUpButton"
                visible: card.canTopUp
                text: qsTr("Top up")
                enabled: topUpField.text.length > 0 && topUpAmount.valid
                onClicked: {
                    card.validation = NodeHost.topUpLease(card.leaseId, topUpField.text)
                    if (card.validation.length === 0) topUpField.clear()
                }
            }
            Label {
                objectName: "topUpMessage"
                Layout.fillWidth: true
                text: card.validation
                visible: text.length > 0
                color: Theme.danger
                elide: Text.ElideRight
            }
            Item { Layout.fillWidth: true; visible: card.validation.length === 0 }

            Button {
                objectName: "logsButton"
                visible: card.urls.length > 0 && !card.closed && !card.confirmingClose && !card.editingTerms
                text: qsTr("Logs")
                onClicked: card.logsRequested()
            }
            Button {
                objectName: "updateButton"
                visible: card.canUpdate && !card.confirmingClose && !card.editingTerms
                text: qsTr("Update")
                onClicked: {
                    updateReplicas.value = card.replicas
                    updatePrice.text = card.maxPricePerSecond
                    card.editingTerms = true
                }
            }
            Button {
                objectName: "closeButton"
                visible: card.canClose && !card.confirmingClose
                text: qsTr("Close lease")
                onClicked: card.confirmingClose = true
            }
            Label {
                visible: card.confirmingClose
                text: qsTr("Close this lease? The unused escrow goes back to you.")
                color: Theme.danger
            }
            Button {
                objectName: "confirmCloseButton"
                visible: card.confirmingClose
                text: qsTr("Yes, close")
                onClicked: {
                    card.confirmingClose = false
                    card.validation = NodeHost.closeLease(card.leaseId)
                }
            }
            Button {
                objectName: "cancelCloseButton"
                visible: card.confirmingClose
                text: qsTr("Cancel")
                onClicked: card.confirmingClose = false
            }
        }

        // New terms for a running lease: replicas and max price, with the same instance type and manifest.
        RowLayout {
            objectName: "updateRow"
            Layout.fillWidth: true
            visible: card.editingTerms && card.canUpdate
            spacing: Theme.spacingS
            Label { text: qsTr("Replicas"); color: Theme.textMuted }
            SpinBox {
                id: updateReplicas
                objectName: "updateReplicas"
                from: 1
                to: Limits.leaseReplicas
                editable: true
            }
            Label { text: qsTr("Max price (USDC/s)"); color: Theme.textMuted }
            TextField {
                id: updatePrice
                objectName: "updateMaxPrice"
                Layout.preferredWidth: Theme.fieldWidth
                selectByMouse: true
                AmountInput {
                    kind: AmountInput.UsdcPerSecond
                    required: false
                    text: updatePrice.text
                    onChanged: card.validation = error
                }
            }
            Button {
                objectName: "applyUpdateButton"
                text: qsTr("Apply")
                onClicked: {
                    card.validation = NodeHost.updateLease(card.leaseId, updateReplicas.value.toString(), updatePrice.text)
                    if (card.validation.length === 0) card.editingTerms = false
                }
            }
            Button {
                text: qsTr("Cancel")
                onClicked: {
                    card.editingTerms = false
                    card.validation = ""
                }
            }
            Item { Layout.fillWidth: true }
        }

        Label {
            objectName: "actionMessage"
            Layout.fillWidth: true
            visible: card.actionMessage.length > 0
            text: card.actionMessage
            color: card.actionFailed ? Theme.danger : Theme.textMuted
            wrapMode: Text.Wrap
        }
    }
}
