import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// The provider console of the current identity: its registration, stake, offers, earnings,
// slashes and the leases it serves, with every action signed as the identity on the node thread.
Item {
    id: page
    objectName: "providerPage"
    readonly property var account: NodeHost.account

    // The forms' own problems, as the validation in C++ states them.
    property string detailsError: ""
    property string stakeError: ""
    property string offerError: ""
    property string earningsError: ""

    // The details form starts from the identity's record; no binding, so a block never overwrites what the user types.
    function loadDetails() {
        nameField.text = page.account.providerName
        regionField.text = page.account.region
        endpointField.text = page.account.endpoint
        page.detailsError = ""
    }
    Component.onCompleted: loadDetails()
    Connections {
        target: NodeHost
        function onIdentityChanged() { page.loadDetails() }
        function onRunningChanged() { page.loadDetails() }
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        visible: NodeHost.running
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroll.availableWidth - 2 * Theme.spacingL
            x: Theme.spacingL
            y: Theme.spacingL
            spacing: Theme.spacingM

            PageHeader {
                Layout.fillWidth: true
                title: qsTr("Provider console")
            }

            Rectangle {
                objectName: "notRegisteredBanner"
                Layout.fillWidth: true
                visible: !page.account.registered
                implicitHeight: bannerText.implicitHeight + 2 * Theme.spacingS
                radius: Theme.radius
                color: Theme.accentSoft
                Label {
                    id: bannerText
                    anchors.fill: parent
                    anchors.margins: Theme.spacingS
                    wrapMode: Text.Wrap
                    color: Theme.text
                    text: qsTr("%1 is not a provider yet. Stake at least %2 POND, then register with a name, a region and the endpoint tenants upload manifests to.")
                          .arg(NodeHost.identity).arg(page.account.stakePerJob)
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingL

                Card {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.fillHeight: true
                    title: page.account.registered ? qsTr("Provider details") : qsTr("Register as a provider")
                    subtitle: page.account.registered ? qsTr("registered · %1 active jobs · %2 slashes").arg(page.account.activeJobs).arg(page.account.slashes) : ""

                    GridLayout {
                        Layout.fillWidth: true
                        columns: 2
                        columnSpacing: Theme.spacingM
                        rowSpacing: Theme.spacingS
                        Label { text: qsTr("Name"); color: Theme.textMuted }
                        TextField {
                            id: nameField
                            objectName: "providerNameField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("Acme Compute")
                                        }
                        Label { text: qsTr("Region"); color: Theme.textMuted }
                        TextField {
                            id: regionField
                            objectName: "providerRegionField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("eu-west")
                                        }
                        Label { text: qsTr("Endpoint"); color: Theme.textMuted }
                        TextField {
                            id: endpointField
                            objectName: "providerEndpointField"
                            Layout.fillWidth: true
                            placeholderText: "https://127.0.0.1:9443"
                                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Button {
                            objectName: "registerButton"
                            text: page.account.registered ? qsTr("Save details") : qsTr("Register")
                            onClicked: page.detailsError = NodeHost.actions.registerProvider(nameField.text, regionField.text, endpointField.text)
                        }
                        FieldError {
                            objectName: "registerError"
                            Layout.fillWidth: true
                            text: page.detailsError
                        }
                    }
                    ActionResult { objectName: "registerResult"; Layout.fillWidth: true; action: "register" }
                }

                Card {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.fillHeight: true
                    title: qsTr("Stake")
                    subtitle: qsTr("%1 POND per job is locked while it runs").arg(page.account.stakePerJob)

                    GridLayout {
                        Layout.fillWidth: true
                        columns: 4
                        columnSpacing: Theme.spacingL
                        ValueField { Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("Staked"); value: page.account.stake; valueObjectName: "stakeValue" }
                        ValueField { Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("Locked"); value: page.account.stakeLocked; valueObjectName: "stakeLockedValue" }
                        ValueField { Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("Unlocked"); value: page.account.stakeUnlocked; valueObjectName: "stakeUnlockedValue" }
                        ValueField { Layout.fillWidth: true; Layout.preferredWidth: 1; label: qsTr("POND balance"); value: page.account.pond; valueObjectName: "providerPondValue" }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingS
                        TextField {
                            id: stakeField
                            objectName: "stakeField"
                            Layout.preferredWidth: Theme.fieldWidth
                            placeholderText: qsTr("Amount (POND)")
                            AmountInput {
                                id: stakeAmount
                                kind: AmountInput.Pond
                                required: false
                                text: stakeField.text
                                onChanged: page.stakeError = error
                            }
                        }
                        Button {
                            objectName: "stakeButton"
                            text: qsTr("Stake")
                            enabled: stakeField.text.length > 0 && stakeAmount.valid
                            onClicked: {
                                page.stakeError = NodeHost.actions.stake(stakeField.text)
                                if (page.stakeError.length === 0) stakeField.clear()
                            }
                        }
                        Button {
                            objectName: "unstakeButton"
                            text: qsTr("Unstake")
                            enabled: stakeField.text.length > 0 && stakeAmount.valid
                            onClicked: {
                                page.stakeError = NodeHost.actions.unstake(stakeField.text)
                                if (page.stakeError.length === 0) stakeField.clear()
                            }
                        }
                        Item { Layout.fillWidth: true }
                    }
                    FieldError { objectName: "stakeError"; Layout.fillWidth: true; text: page.stakeError }
                    ActionResult { objectName: "stakeResult"; Layout.fillWidth: true; action: "stake" }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingL

                Card {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 2
                    Layout.fillHeight: true
                    title: qsTr("Offers")
                    subtitle: qsTr("capacity 0 withdraws an offer")

                    Repeater {
                        id: offerRepeater
                        objectName: "offerRepeater"
                        model: page.account.offers
                        delegate: RowLayout {
                            required property string instanceType
                            required property string pricePerSecond
                            required property string pricePerHour
                            required property int capacity
                            required property int used
                            objectName: "offer_" + instanceType
                            Layout.fillWidth: true
                            spacing: Theme.spacingM
                            Label { Layout.preferredWidth: 110; text: instanceType; font.bold: true; color: Theme.text }
                            Label { Layout.fillWidth: true; text: qsTr("%1 USDC/s · %2 USDC/h").arg(pricePerSecond).arg(pricePerHour); color: Theme.text }
                            Label { text: qsTr("%1 of %2 in use").arg(used).arg(capacity); color: Theme.textMuted }
                        }
                    }
                    Label {
                        visible: offerRepeater.count === 0
                        text: page.account.registered ? qsTr("No offers yet: tenants cannot rent from you.") : qsTr("Offers follow the registration.")
                        color: Theme.textMuted
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingS
                        TextField { id: typeField; objectName: "offerTypeField"; Layout.preferredWidth: Theme.fieldWidth; placeholderText: qsTr("cpu.small") }
                        TextField {
                            id: priceField
                            objectName: "offerPriceField"
                            Layout.preferredWidth: Theme.fieldWidth
                            placeholderText: qsTr("USDC per second")
                            AmountInput {
                                kind: AmountInput.UsdcPerSecond
                                required: false
                                text: priceField.text
                                onChanged: page.offerError = error
                            }
                        }
                        SpinBox { id: capacityField; objectName: "offerCapacityField"; from: 0; to: Limits.offerCapacity; value: 1; editable: true }
                        Button {
                            objectName: "setOfferButton"
                            text: qsTr("Set offer")
                            onClicked: page.offerError = NodeHost.actions.setOffer(typeField.text, priceField.text, String(capacityField.value))
                        }
                        Item { Layout.fillWidth: true }
                    }
                    FieldError { objectName: "offerError"; Layout.fillWidth: true; text: page.offerError }
                    ActionResult { objectName: "offerResult"; Layout.fillWidth: true; action: "offer" }
                }

                Card {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.fillHeight: true
                    title: qsTr("Earnings")

                    ValueField { Layout.fillWidth: true; label: qsTr("Ready to withdraw"); value: qsTr("%1 USDC").arg(page.account.earnings); valueObjectName: "earningsValue" }
                    ValueField { Layout.fillWidth: true; label: qsTr("Slashes"); value: String(page.account.slashes); valueObjectName: "slashesValue" }
                    Button {
                        objectName: "withdrawButton"
                        text: qsTr("Withdraw")
                        enabled: page.account.hasEarnings
                        onClicked: page.earningsError = NodeHost.actions.withdrawEarnings()
                    }
                    FieldError { Layout.fillWidth: true; text: page.earningsError }
                    ActionResult { objectName: "withdrawResult"; Layout.fillWidth: true; action: "withdraw" }
                }
            }

            Card {
                Layout.fillWidth: true
                title: qsTr("Jobs served")
                subtitle: qsTr("leaving a job closes it after the exit cooldown")

                Repeater {
                    id: jobRepeater
                    objectName: "jobRepeater"
                    model: NodeHost.servedLeases
                    delegate: ColumnLayout {
                        id: job
                        required property string leaseId
                        required property string leaseState
                        required property string instanceType
                        required property string pricePerHour
                        required property string spent
                        required property bool canExit
                        required property string actionMessage
                        required property bool actionFailed
                        property bool confirming: false
                        objectName: "job_" + leaseId
                        Layout.fillWidth: true
                        spacing: Theme.spacingXs
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.spacingM
                            Label { Layout.preferredWidth: 80; text: "#" + job.leaseId; font.bold: true; color: Theme.text }
                            Label { objectName: "jobState"; Layout.preferredWidth: 190; text: job.leaseState; color: Theme.text }
                            Label { Layout.preferredWidth: 110; text: job.instanceType; color: Theme.textMuted }
                            Label { Layout.fillWidth: true; text: job.pricePerHour.length > 0 ? qsTr("%1 USDC/h · earned %2 USDC").arg(job.pricePerHour).arg(job.spent) : ""; color: Theme.textMuted }
                            Button { objectName: "exitButton"; visible: job.canExit && !job.confirming; text: qsTr("Leave job"); onClicked: job.confirming = true }
                            Label { visible: job.confirming; text: qsTr("Leave this job? The tenant's lease closes."); color: Theme.danger }
                            Button {
                                objectName: "confirmExitButton"
                                visible: job.confirming
                                text: qsTr("Yes, leave")
                                onClicked: {
                                    job.confirming = false
                                    NodeHost.actions.exitLease(job.leaseId)
                                }
                            }
                            Button { objectName: "cancelExitButton"; visible: job.confirming; text: qsTr("Cancel"); onClicked: job.confirming = false }
                        }
                        Label {
                            objectName: "jobActionMessage"
                            visible: job.actionMessage.length > 0
                            text: job.actionMessage
                            color: job.actionFailed ? Theme.danger : Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                        }
                    }
                }
                Label {
                    visible: jobRepeater.count === 0
                    text: qsTr("No jobs: leases matched to %1 appear here.").arg(NodeHost.identity)
                    color: Theme.textMuted
                }
            }

            Item { implicitHeight: Theme.spacingL }
        }
    }

    StatePlaceholder {
        objectName: "providerStatePlaceholder"
        anchors.fill: parent
        visible: !NodeHost.running
        busy: NodeHost.loading
        isError: NodeHost.error.length > 0
        title: NodeHost.error.length > 0 ? qsTr("The node stopped") : qsTr("Loading the provider console…")
        message: NodeHost.error
    }
}
